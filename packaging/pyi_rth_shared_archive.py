# PyInstaller run-time hook (packaging/board_admin.spec): both programs read their Python modules from the one
# archive beside them, _internal/board_admin.pyz, instead of each carrying its own copy (11.7 MB each).
#
# PyInstaller embeds a program's module archive (PYZ) in the program itself, so two programs built from one
# analysis carry two identical copies. The spec embeds only the few modules PyInstaller's own start-up imports
# before this hook runs (ctypes), and ships the whole archive once as a data file; this hook, the first to run,
# points PyInstaller's module finder at it. It uses PyInstaller's loader module (pyimod02_importers), which is not
# a public interface: if a PyInstaller release changes it, the program stops here with this sentence, and the
# build's frozen self-test fails, not a user. Written against the loaders of PyInstaller 6.10 and 6.22.
import os
import sys


def _use_shared_archive() -> None:
    import pyimod01_archive
    import pyimod02_importers

    # The path finder's class: PyiFrozenImporter in PyInstaller 6.10, PyiFrozenFinder in later 6.x releases.
    finder_class = getattr(pyimod02_importers, "PyiFrozenFinder", None) or getattr(
        pyimod02_importers, "PyiFrozenImporter", None
    )
    if not (hasattr(pyimod02_importers, "pyz_archive") and finder_class):
        raise RuntimeError(
            "Board Admin was built with a PyInstaller whose module loader it does not know "
            "(packaging/pyi_rth_shared_archive.py): rebuild it with the PyInstaller named in the README."
        )
    path = os.path.join(sys._MEIPASS, "board_admin.pyz")
    pyimod02_importers.pyz_archive = pyimod01_archive.ZlibArchiveReader(path, check_pymagic=True)
    pyimod02_importers._pyz_tree = None
    # Finders already made for the program's folders hold the embedded archive: made again, they take the shared one.
    for entry, finder in list(sys.path_importer_cache.items()):
        if isinstance(finder, finder_class):
            del sys.path_importer_cache[entry]


_use_shared_archive()
del _use_shared_archive
