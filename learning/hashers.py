"""Password hashing: Argon2id at the parameters OWASP recommends.

Django 5.2's default, PBKDF2-SHA256 at 1,000,000 iterations, costs about 240-290 ms of CPU per
sign-in on a 2-core server; 200 officials signing in at the start of a webinar then starve every
other request for half a minute. Argon2id with 19 MiB of memory, 2 passes and 1 lane (OWASP's
password storage cheat sheet, first configuration) costs about 26 ms per check here and is
memory-hard, so it resists GPU guessing better than PBKDF2 at a tenth of the CPU. See
docs/decisions/0006-password-hashing.md.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=19456 KiB, t=2, p=1. Hashes with other parameters are upgraded at login."""

    time_cost = 2
    memory_cost = 19456
    parallelism = 1
