"""Verification codes: 140 random bits from the OS's CSPRNG, written in Crockford base32.

Stored as 28 upper-case symbols without separators; shown in seven groups of four. A code a
person types is forgiven spaces, dashes, case and the letters Crockford reads as digits
(O as 0, I and L as 1).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 140
CODE_LENGTH = CODE_BITS // 5  # 28 symbols
GROUP = 4
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(f"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def code_generate() -> str:
    """A new code: CODE_BITS bits from `secrets`, as CODE_LENGTH Crockford symbols."""
    number = secrets.randbits(CODE_BITS)
    symbols = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, 32)
        symbols.append(ALPHABET[index])
    return "".join(reversed(symbols))


def code_normalize(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be a code at all."""
    if not typed:
        return None
    cleaned = re.sub(r"[\s\-_.]", "", typed).upper().translate(_TRANSLATE)
    return cleaned if _VALID.match(cleaned) else None


def code_display(code: str) -> str:
    """ABCD-EFGH-...: groups of four, easy to read aloud and to type."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
