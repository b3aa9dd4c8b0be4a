"""deploy/ as the loopback cluster (bench/cluster.py) uses it, so that its test proves the files
a ministry's IT team installs, not a copy of them.

- The environment comes from `deploy/socle.env.example`, loaded the way docs/operations.md
  loads `/etc/socle/socle.env` (`set -a && . socle.env`); the cluster then replaces only what
  names this machine (secrets, addresses, folders).
- Every process starts from its systemd unit's `ExecStartPre=` and `ExecStart=` lines, with
  `${VAR}` taken from that environment and the application folder (`/srv/socle/app/`)
  replaced by this checkout; the cluster adds only what a unit leaves to the host (a worker's
  queue and name, where beat keeps its schedule).
"""

import re
import shlex
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
APP_FOLDER = "/srv/socle/app/"


def environment_template() -> dict[str, str]:
    """The variables `deploy/socle.env.example` sets, as the shell reads them."""
    path = DEPLOY / "socle.env.example"
    names = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", path.read_text(), flags=re.MULTILINE))
    result = subprocess.run(  # noqa: S603 - bash sourcing our own template
        ["/bin/bash", "-c", 'set -a && . "$1" && env -0', "bash", str(path)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
    )
    pairs = (item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    return {name: value for name, value in pairs if name in names}


def unit_commands(unit: str, env: dict[str, str], bin_dir: Path) -> list[list[str]]:
    """The commands of `deploy/systemd/socle-<unit>.service` in the order systemd runs them
    (every ExecStartPre, then ExecStart), ready for `subprocess`."""
    commands = []
    for line in (DEPLOY / "systemd" / f"socle-{unit}.service").read_text().splitlines():
        key, _, value = line.partition("=")
        if key in ("ExecStartPre", "ExecStart"):
            value = re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], value)
            value = value.replace(f"{APP_FOLDER}.venv/bin/", f"{bin_dir}/")
            commands.append(shlex.split(value))
    return commands


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """`command` with `--option=value`, replacing the unit's own value for that option."""
    kept = [arg for arg in command if not arg.startswith(f"{option}=")]
    return [*kept, f"{option}={value}"]
