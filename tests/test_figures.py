"""Which figures a quote states (digits and Chinese numerals), for the figure-in-quote check."""
from __future__ import annotations

import pytest

from portkg.figures import occurs_in, zh_to_int


@pytest.mark.parametrize("figure, quote", [
    (19.5, "平均待泊时间由40.6小时缩短至19.5小时"), (40.6, "由40.6小时缩短至19.5小时"),
    (19.6, "货值19.6亿元"), (1200, "1,200吨"), (2, "提升两成"), (20, "提升两成"),
    (33.3, "压缩三分之一"), (12, "十二万吨"), (120000, "十二万吨"), (1230, "一千二百三十项"),
    (19, "１９个"), (75, "效率 75%"), (0.5, "0.5天"),
])
def test_figure_occurs(figure, quote):
    assert occurs_in(figure, quote)


@pytest.mark.parametrize("figure, quote", [
    (9.5, "由40.6小时缩短至19.5小时"), (4, "货值 16.9 亿元，同比 37.5%"), (1, "居全国首位"),
    (30, "压缩三分之一"), (100, "节约通关成本 50%"),
])
def test_figure_does_not_occur(figure, quote):
    assert not occurs_in(figure, quote)


@pytest.mark.parametrize("text, n", [("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105),
                                     ("两千", 2000), ("三万五千", 35000), ("二〇二四", 2024), ("一亿二千万", 120000000)])
def test_chinese_numerals(text, n):
    assert zh_to_int(text) == n
