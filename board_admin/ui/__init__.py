"""The desktop application (PySide6). The only package that imports Qt."""

import sys

if sys.version_info < (3, 12):  # pragma: no cover - depends on the interpreter
    import ctypes

    # PySide6's stable-ABI wheels (6.12 at least) return None from every void method without taking a
    # reference, which is harmless on Python 3.12+ (None is immortal there) but on 3.11 wears None's count
    # down by one a call until Python aborts ("none_dealloc"), typically at exit after a few thousand paint
    # calls. Raising the count far beyond reach makes None as good as immortal here too.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
