"""The certificate as a PDF (REG-2): A4 landscape, Chinese and English, with a QR code.

The QR code holds the public verification URL with the payload signed when the certificate was
issued (``Certificate.payload``, ``registry.signing``), so a phone opens the verification page
and an offline scanner can check the signature.

Fonts: a TrueType CJK font is embedded (as a subset of the characters used), so the
certificate looks the same in every viewer, with no font installed. The font file is
``SHEGONG_CERTIFICATE_FONT`` (environment) or the first of :data:`FONT_CANDIDATES` that exists
(Debian: ``fonts-wqy-zenhei``, ``fonts-droid-fallback``). When none is found, ReportLab's
built-in CID font STSong-Light is used: it needs no font file, but it is *not* embedded, so
the viewer supplies the glyphs (Adobe Reader with its Asian font pack, poppler through
fontconfig).
"""

from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass
from functools import cache

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

from . import signing
from .choices import CertificateStatus, Level

FONT_ENV = "SHEGONG_CERTIFICATE_FONT"
#: TrueType CJK fonts looked for, in order (path, index in a collection).
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
CID_FONT = "STSong-Light"
EMBEDDED_FONT = "ShegongCJK"

#: The official names of the levels (REG-1), in Chinese and English, whatever the UI language.
LEVEL_NAMES = {
    Level.ASSISTANT: ("助理社会工作师", "Assistant Social Worker"),
    Level.INTERMEDIATE: ("社会工作师", "Social Worker"),
    Level.SENIOR: ("高级社会工作师", "Senior Social Worker"),
}


@dataclass(frozen=True)
class FontChoice:
    name: str
    embedded: bool
    path: str = ""


def _font_files():
    configured = os.environ.get(FONT_ENV, "").strip()
    if configured:
        yield configured, 0
    yield from FONT_CANDIDATES


@cache
def _register(path: str, index: int) -> FontChoice | None:
    if not path:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return FontChoice(CID_FONT, embedded=False)
    if not os.path.exists(path):
        return None
    name = f"{EMBEDDED_FONT}-{zlib.crc32(f'{path}#{index}'.encode()):08x}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    except TTFError:  # e.g. a CFF-outline OpenType font, which ReportLab cannot embed
        return None
    return FontChoice(name, embedded=True, path=path)


def font(embed: bool = True) -> FontChoice:
    """The font for certificates: an embedded TrueType CJK font when one is available (and
    ``embed``), else the built-in STSong-Light."""
    if embed:
        for path, index in _font_files():
            choice = _register(path, index)
            if choice is not None:
                return choice
    return _register("", 0)


def _qr(value: str, size: float) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def render_certificate(certificate, payload: signing.Payload | None = None, embed=True) -> bytes:
    """The certificate's PDF (one A4 landscape page) as bytes.

    The QR code holds the payload signed at issue (``signing.certificate_payload``), and the
    name printed is the one in it: the certificate as issued, even after a key rotation or a
    change of the holder's name."""
    payload = payload or signing.certificate_payload(certificate)
    url = signing.verification_url(payload)
    face = font(embed).name
    zh_level, en_level = LEVEL_NAMES[certificate.level]
    width, height = landscape(A4)

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"职业水平证书 {certificate.number}")
    pdf.setAuthor(certificate.issuing_body)
    pdf.setSubject("Certificate of Social Work Professional Level")

    # Frame
    pdf.setStrokeColor(colors.HexColor("#8b1a1a"))
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    # Titles
    pdf.setFillColor(colors.HexColor("#8b1a1a"))
    pdf.setFont(face, 30)
    pdf.drawCentredString(width / 2, height - 45 * mm, "社会工作者职业水平证书")
    pdf.setFont(face, 14)
    pdf.drawCentredString(
        width / 2, height - 55 * mm, "Certificate of Social Work Professional Level"
    )

    # Fields
    pdf.setFillColor(colors.black)
    rows = [
        ("姓名", "Name", payload.name),
        ("级别", "Level", f"{zh_level}  {en_level}"),
        ("证书编号", "Certificate No.", certificate.number),
        (
            "签发日期",
            "Date of issue",
            f"{chinese_date(certificate.issue_date)}  {certificate.issue_date.isoformat()}",
        ),
        ("发证机关", "Issued by", certificate.issuing_body),
    ]
    y = height - 80 * mm
    for zh, en, value in rows:
        pdf.setFont(face, 13)
        pdf.drawString(40 * mm, y, zh)
        pdf.setFont(face, 9)
        pdf.drawString(40 * mm, y - 4.5 * mm, en)
        pdf.setFont(face, 16)
        pdf.drawString(85 * mm, y - 1 * mm, value)
        y -= 17 * mm

    # QR code and its caption
    qr_size = 46 * mm
    qr_x, qr_y = width - 40 * mm - qr_size, 30 * mm
    renderPDF.draw(_qr(url, qr_size), pdf, qr_x, qr_y)
    pdf.setFont(face, 8)
    pdf.drawCentredString(qr_x + qr_size / 2, qr_y - 4 * mm, "扫码核验 Scan to verify")
    pdf.setFont(face, 7)
    pdf.drawString(40 * mm, 24 * mm, f"{url.split('?')[0]}")

    if certificate.status == CertificateStatus.RECALLED:
        pdf.saveState()
        pdf.setFillColor(colors.HexColor("#c00000"))
        pdf.setFont(face, 54)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.drawCentredString(0, 0, "已收回 RECALLED")
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
