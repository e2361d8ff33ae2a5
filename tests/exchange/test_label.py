"""The carbon label: SVG text, the QR code of the verification link, PNG output."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import segno

from footprint.exchange.figures import figure
from footprint.exchange.options import Certification
from footprint.exchange.study import Study
from footprint.report import ReportError, label_content, label_svg, write_label
from tests.exchange.conftest import CALCULABLE, CERT, model_id

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


class TestSvg:
    def test_product_value_and_certificate(self, cell: Study) -> None:
        texts = svg_texts(label_svg(label_content(cell, CERT)))
        assert "测试磷酸铁锂电芯 100Ah" in texts and "Test LFP cell 100 Ah" in texts
        assert f"{figure(cell.result.total)} kg CO2e" in texts
        assert "每 1 kWh rated energy" in texts and "per 1 kWh rated energy" in texts
        assert "证书编号 / Certificate No. CQC-TEST-2025-0001" in texts
        assert "扫码验证 / Scan to verify" in texts

    def test_not_certified_without_certificate(self, cell: Study) -> None:
        svg = label_svg(label_content(cell))
        assert "未认证 / not certified" in svg_texts(svg)
        assert "<rect x=" in svg and "QR:" not in svg  # no link, no QR code

    def test_qr_code_is_the_verification_link(self, cell: Study) -> None:
        """The dark modules drawn are exactly segno's matrix of the link (decoding would need zbar)."""
        content = label_content(cell, CERT)
        expected = segno.make(CERT.verify_url, error="m", micro=False).matrix
        assert [list(map(bool, row)) for row in expected] == [list(row) for row in content.qr]
        group = next(g for g in ET.fromstring(label_svg(content)).iter(f"{SVG}g"))
        assert CERT.verify_url in group.get("aria-label", "")
        assert len(list(group)) == sum(sum(row) for row in content.qr)

    def test_markup_in_names_is_escaped(self, cell: Study) -> None:
        content = label_content(cell, Certification("A<B&C", verify_url="https://x.org/?a=1&b=2"))
        assert "A<B&C" in label_svg(content).replace("&lt;", "<").replace("&amp;", "&")
        ET.fromstring(label_svg(content))  # still well-formed XML

    def test_a_quote_in_the_verify_url_cannot_add_an_attribute(self, cell: Study) -> None:
        url = 'https://x.org/v" onload="alert(1)'
        root = ET.fromstring(label_svg(label_content(cell, Certification("C-1", verify_url=url))))
        group = next(g for g in root.iter(f"{SVG}g"))
        assert group.get("aria-label") == f"QR: {url}"
        assert all("onload" not in element.attrib for element in root.iter())

    def test_long_names_stay_left_of_the_qr_code(self, cell: Study) -> None:
        from dataclasses import replace

        from footprint.report.label import _layout

        content = replace(label_content(cell, CERT), product_zh="很长的产品名称" * 10)
        line = next(x for x in _layout(content) if x[2] == 66)
        assert line[0].endswith("…") and line[3] < 13


@pytest.mark.parametrize("path", CALCULABLE, ids=model_id)
@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_every_model_gets_a_label(study_of: Callable, tmp_path: Path, path: Path, suffix: str) -> None:
    out = write_label(study_of(path), tmp_path / f"label{suffix}", CERT)
    data = out.read_bytes()
    assert len(data) > 1000
    if suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        from PIL import Image

        with Image.open(out) as img:
            assert img.size == (1080, 660)
    else:
        assert figure(study_of(path).result.total) in data.decode("utf-8")


def test_other_suffixes_are_refused(cell: Study, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"\.svg or \.png"):
        write_label(cell, tmp_path / "label.pdf")
