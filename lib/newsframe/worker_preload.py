"""The fork server's preload: importing this module runs :func:`newsframe.worker_imports.import_worker_modules`.

:func:`multiprocessing.set_forkserver_preload` takes module names, not functions, so the one
call lives here, in a module nothing but the fork server imports (see
:func:`newsframe.pipeline.analyze`); :mod:`newsframe.worker_imports` itself is free of side
effects until called.
"""

from __future__ import annotations

from newsframe.worker_imports import import_worker_modules

import_worker_modules()
