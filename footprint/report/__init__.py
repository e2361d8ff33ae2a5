"""Reports and labels: the footprint study report (PDF, zh/en) and the carbon label (SVG, PNG)."""

from footprint.report.errors import ReportError
from footprint.report.label import label_content, label_png, label_svg, write_label
from footprint.report.pdf import write_report

__all__ = ["ReportError", "label_content", "label_png", "label_svg", "write_label", "write_report"]
