"""JavaScript the site ships, taken from the Python packages that carry it (no CDN, no download).

DataTables comes inside the `itables` wheel as one ES-module bundle (DataTables 2 with its
extensions, MIT). Chromium refuses module scripts from file:// pages, so the bundle is wrapped
once, at build time, into a classic script that sets ``window.portkgDataTables``; the file is
named with the itables version and its licence travels beside it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata, resources

_EXPORT = re.compile(r"export\s*\{([^}]*)\}\s*;?")

DATATABLES_NOTICE = """DataTables (https://datatables.net) and its extensions, © SpryMedia Ltd, MIT licence,
as bundled by itables {version} (https://github.com/mwouts/itables), © Marc Wouts, MIT licence:

{licence}
"""


@lru_cache(maxsize=1)
def datatables() -> dict[str, bytes]:
    """static/vendor/ files: the classic-script DataTables bundle, its CSS and the licence."""
    version = metadata.version("itables")
    html = resources.files("itables").joinpath("html")
    js = html.joinpath("dt_bundle.js").read_text(encoding="utf-8")
    css = html.joinpath("dt_bundle.css").read_text(encoding="utf-8")
    found = list(_EXPORT.finditer(js))
    m = found[-1] if found else None  # the bundle's one export list (licence comments may follow it)
    if m is None:
        raise RuntimeError(f"itables {version}: dt_bundle.js no longer ends with an export list; update portkg.site.vendor")
    names = {}
    for part in m.group(1).split(","):
        local, _, exported = part.strip().partition(" as ")
        names[(exported or local).strip()] = local.strip()
    exports = ",".join(f"{'DataTable' if k == 'default' else k}:{v}" for k, v in sorted(names.items()))
    body = js[: m.start()] + js[m.end():]
    classic = f"/* DataTables via itables {version}, wrapped as a classic script by portkg */\n(function(){{\n{body}\nwindow.portkgDataTables={{{exports}}};\n}})();\n"
    licence = ""
    for f in metadata.files("itables") or []:
        if f.name.upper().startswith("LICEN"):
            licence = f.read_text(encoding="utf-8")
            break
    return {
        f"static/vendor/datatables-itables-{version}.js": classic.encode("utf-8"),
        f"static/vendor/datatables-itables-{version}.css": css.encode("utf-8"),
        "static/vendor/LICENSE-datatables.txt": DATATABLES_NOTICE.format(version=version, licence=licence).encode("utf-8"),
    }


def datatables_paths() -> tuple[str, str]:
    files = list(datatables())
    return next(f for f in files if f.endswith(".js")), next(f for f in files if f.endswith(".css"))
