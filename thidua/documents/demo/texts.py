"""Vietnamese wording of the work demo: who writes to the agency, about what, and what is done.

Pure data plus small drawing helpers that take a seeded ``random.Random``.
The demo department (Vụ Quan hệ quốc tế) gets foreign-affairs work; the other
departments get the general business of the Government Office. Senders that
were merged away in the 2025 reorganisation of the Government only write
before 1 March 2025, those created by it only after.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from thidua.documents.models import Urgency

REORGANISED = date(2025, 3, 1)  # the ministries merged under Resolution 176/2025/QH15
ISSUER = "VPCP"  # the Government Office, in the notation of its outgoing documents


@dataclass(frozen=True)
class Sender:
    """Who sends documents: name, abbreviation in their notations, weight, years of existence."""

    name: str
    abbr: str
    weight: float
    units: tuple[str, ...] = ("VP",)
    until: date | None = None
    since: date | None = None
    party: bool = False  # party documents follow another numbering ("123-CV/VPTW")

    def active(self, day: date) -> bool:
        """Whether the sender existed on ``day``."""
        return (self.until is None or day < self.until) and (
            self.since is None or day >= self.since
        )


def _ministries(weight: float) -> tuple[Sender, ...]:
    return (
        Sender("Bộ Tài chính", "BTC", weight * 1.2, ("HTQT", "NSNN", "QLN")),
        Sender("Bộ Công Thương", "BCT", weight, ("XNK", "ĐB", "TTTN")),
        Sender("Bộ Kế hoạch và Đầu tư", "BKHĐT", weight, ("KTĐN", "TH"), until=REORGANISED),
        Sender("Bộ Tư pháp", "BTP", weight * 0.6, ("PLQT", "VĐCXDPL")),
        Sender("Bộ Công an", "BCA", weight * 0.5, ("V03", "A05")),
        Sender("Bộ Quốc phòng", "BQP", weight * 0.4, ("ĐNQP", "VP")),
        Sender("Bộ Nội vụ", "BNV", weight * 0.6, ("TCBC", "CCVC")),
        Sender("Bộ Y tế", "BYT", weight * 0.5, ("HTQT", "KHTC")),
        Sender("Bộ Giáo dục và Đào tạo", "BGDĐT", weight * 0.5, ("HTQT", "KHTC")),
        Sender("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", weight * 0.4, ("HTQT",)),
        Sender("Bộ Giao thông vận tải", "BGTVT", weight * 0.5, ("KHĐT",), until=REORGANISED),
        Sender("Bộ Xây dựng", "BXD", weight * 0.6, ("KHTC", "HTQT")),
        Sender("Bộ Thông tin và Truyền thông", "BTTTT", weight * 0.4, ("HTQT",), until=REORGANISED),
        Sender("Bộ Khoa học và Công nghệ", "BKHCN", weight * 0.5, ("HTQT", "KHTC")),
        Sender("Bộ Tài nguyên và Môi trường", "BTNMT", weight * 0.5, ("HTQT",), until=REORGANISED),
        Sender(
            "Bộ Nông nghiệp và Phát triển nông thôn",
            "BNN",
            weight * 0.5,
            ("HTQT", "KH"),
            until=REORGANISED,
        ),
        Sender(
            "Bộ Nông nghiệp và Môi trường", "BNNMT", weight * 0.8, ("HTQT", "KH"), since=REORGANISED
        ),
        Sender(
            "Bộ Lao động - Thương binh và Xã hội",
            "BLĐTBXH",
            weight * 0.4,
            ("QLLĐNN",),
            until=REORGANISED,
        ),
        Sender("Bộ Dân tộc và Tôn giáo", "BDTTG", weight * 0.3, ("HTQT",), since=REORGANISED),
        Sender("Ngân hàng Nhà nước Việt Nam", "NHNN", weight * 0.6, ("HTQT", "CSTT")),
    )


# Provinces and cities that kept their name through the 2025 merger (so valid in every year).
PROVINCES: tuple[tuple[str, str], ...] = (
    ("thành phố Hà Nội", "UBND"),
    ("Thành phố Hồ Chí Minh", "UBND"),
    ("thành phố Hải Phòng", "UBND"),
    ("thành phố Đà Nẵng", "UBND"),
    ("thành phố Cần Thơ", "UBND"),
    ("tỉnh Quảng Ninh", "UBND"),
    ("tỉnh Thanh Hóa", "UBND"),
    ("tỉnh Nghệ An", "UBND"),
    ("tỉnh Lào Cai", "UBND"),
    ("tỉnh Lạng Sơn", "UBND"),
    ("tỉnh Cao Bằng", "UBND"),
    ("tỉnh Điện Biên", "UBND"),
    ("tỉnh Bắc Ninh", "UBND"),
    ("tỉnh Quảng Trị", "UBND"),
    ("tỉnh Khánh Hòa", "UBND"),
    ("tỉnh Lâm Đồng", "UBND"),
    ("tỉnh Đồng Nai", "UBND"),
    ("tỉnh An Giang", "UBND"),
    ("tỉnh Cà Mau", "UBND"),
    ("tỉnh Tây Ninh", "UBND"),
)


def _provinces(weight: float) -> tuple[Sender, ...]:
    return tuple(
        Sender(f"UBND {name}", abbr, weight, ("KT", "VX", "NC", "TH")) for name, abbr in PROVINCES
    )


_CENTRE: tuple[Sender, ...] = (
    Sender("Văn phòng Trung ương Đảng", "VPTW", 1.0, party=True),
    Sender("Văn phòng Quốc hội", "VPQH", 1.0, ("TH", "HTQT")),
    Sender("Văn phòng Chủ tịch nước", "VPCTN", 0.6, ("ĐN",)),
    Sender("Ban Đối ngoại Trung ương", "BĐNTW", 0.8, party=True, until=REORGANISED),
)

DEPARTMENT_SENDERS: tuple[Sender, ...] = (
    Sender("Bộ Ngoại giao", "BNG", 14.0, ("LPQT", "VP", "THĐN", "KTĐN", "LT")),
    *_CENTRE,
    *_ministries(1.0),
    *_provinces(0.25),
    Sender("Đại sứ quán Việt Nam tại Nhật Bản", "ĐSQVN", 0.6, ("NB",)),
    Sender("Đại sứ quán Việt Nam tại Hoa Kỳ", "ĐSQVN", 0.6, ("HK",)),
    Sender("Đại sứ quán Việt Nam tại Liên bang Nga", "ĐSQVN", 0.4, ("LBN",)),
    Sender("Phái đoàn đại diện thường trực Việt Nam tại Liên hợp quốc", "PĐVN", 0.4, ("LHQ",)),
    Sender("Liên hiệp các tổ chức hữu nghị Việt Nam", "LHHN", 0.5, ("ĐN",)),
)
GENERAL_SENDERS: tuple[Sender, ...] = (
    *_CENTRE,
    *_ministries(2.0),
    *_provinces(1.0),
    Sender("Bộ Ngoại giao", "BNG", 1.0, ("VP", "LPQT")),
    Sender("Kiểm toán nhà nước", "KTNN", 0.5, ("TH",)),
    Sender("Thanh tra Chính phủ", "TTCP", 0.5, ("VP",)),
)

# (Decree 30 code or "" for a công văn, share). Incoming ``doc_type`` is the code, "Công văn" for a công văn.
DOCUMENT_TYPES: tuple[tuple[str, float], ...] = (
    ("", 62),
    ("BC", 10),
    ("GM", 8),
    ("TTr", 6),
    ("TB", 5),
    ("KH", 4),
    ("QĐ", 3),
    ("CĐ", 1),
)
CONG_VAN = "Công văn"

URGENCIES: tuple[tuple[str, float], ...] = (
    (Urgency.NORMAL, 80),
    (Urgency.URGENT, 13),
    (Urgency.VERY_URGENT, 5),
    (Urgency.EXPRESS, 2),
)
# working days a document of that urgency is given (choices, drawn uniformly)
DEADLINE_DAYS: dict[str, tuple[int, ...]] = {
    Urgency.NORMAL: (5, 7, 7, 10, 10, 10, 15, 15, 20),
    Urgency.URGENT: (3, 4, 5, 5),
    Urgency.VERY_URGENT: (2, 2, 3),
    Urgency.EXPRESS: (1, 1, 2),
}
TASK_DEADLINE_DAYS = (10, 15, 15, 20, 20, 30, 45)

COUNTRIES = (
    "Nhật Bản",
    "Hàn Quốc",
    "Trung Quốc",
    "Hoa Kỳ",
    "Liên bang Nga",
    "Ấn Độ",
    "Ô-xtrây-li-a",
    "Cộng hòa Pháp",
    "Cộng hòa Liên bang Đức",
    "Vương quốc Anh",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Xinh-ga-po",
    "In-đô-nê-xi-a",
    "Ma-lai-xi-a",
    "Phi-líp-pin",
    "Cu-ba",
    "Ca-na-đa",
    "I-ta-li-a",
    "Niu Di-lân",
    "Hà Lan",
    "Bra-xin",
    "Ả-rập Xê-út",
    "Các Tiểu vương quốc Ả-rập Thống nhất",
)
LEADER_TITLES = (
    "Thủ tướng",
    "Tổng thống",
    "Chủ tịch Quốc hội",
    "Phó Thủ tướng",
    "Bộ trưởng Ngoại giao",
)
TOPICS = (
    "chuyển đổi số",
    "năng lượng tái tạo",
    "giáo dục và đào tạo",
    "y tế",
    "nông nghiệp công nghệ cao",
    "lao động",
    "khoa học và công nghệ",
    "ứng phó với biến đổi khí hậu",
    "phòng, chống tội phạm xuyên quốc gia",
    "du lịch",
    "văn hóa",
    "bán dẫn",
)
FORUMS = (
    "Diễn đàn Kinh tế Thế giới (WEF)",
    "Hội nghị Thượng đỉnh G20",
    "Tuần lễ Cấp cao APEC",
    "Hội nghị các Bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu (COP)",
    "Đại hội đồng Liên hợp quốc",
    "Hội nghị Cấp cao Mê Công - Nhật Bản",
    "Diễn đàn Kinh tế Phương Đông",
    "Hội nghị Cấp cao ASEAN",
)
AGREEMENTS = (
    "Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương (CPTPP)",
    "Thương mại tự do Việt Nam - Liên minh châu Âu (EVFTA)",
    "Đối tác Kinh tế Toàn diện Khu vực (RCEP)",
    "Thương mại tự do Việt Nam - Vương quốc Anh (UKVFTA)",
)
DONORS = (
    "Ngân hàng Thế giới (WB)",
    "Ngân hàng Phát triển châu Á (ADB)",
    "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)",
    "Cơ quan Phát triển Pháp (AFD)",
    "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
)
LAWS = (
    "Đất đai",
    "Đầu tư",
    "Doanh nghiệp",
    "Nhà ở",
    "Kinh doanh bất động sản",
    "Giá",
    "Bảo hiểm xã hội",
    "Thủ đô",
    "Các tổ chức tín dụng",
    "Tài nguyên nước",
    "Dược",
    "Giáo dục nghề nghiệp",
)
ISSUES = (
    "giải phóng mặt bằng dự án đường bộ cao tốc",
    "cấp phép khai thác mỏ vật liệu xây dựng thông thường",
    "hỗ trợ người dân bị ảnh hưởng bởi bão, lũ",
    "điều chỉnh quy hoạch sử dụng đất",
    "phân bổ vốn các chương trình mục tiêu quốc gia",
    "sắp xếp lại, xử lý nhà, đất công",
    "giải ngân vốn đầu tư công",
    "cấp giấy chứng nhận quyền sử dụng đất",
)
PERIODS = ("quý I", "6 tháng đầu năm", "9 tháng", "")

DEPARTMENT_ABSTRACTS = (
    "V/v chuẩn bị chuyến thăm chính thức {country} của Thủ tướng Chính phủ",
    "V/v đề xuất đón {leader} {country} thăm chính thức Việt Nam",
    "V/v góp ý dự thảo Bản ghi nhớ hợp tác giữa Việt Nam và {country} về {topic}",
    "V/v tổ chức Kỳ họp lần thứ {n} Ủy ban liên Chính phủ Việt Nam - {country}",
    "V/v chuẩn bị nội dung tham dự {forum} năm {year}",
    "V/v triển khai kết quả chuyến thăm {country} của Lãnh đạo cấp cao",
    "V/v báo cáo tình hình thực hiện các thỏa thuận quốc tế {period} năm {year}",
    "V/v xin ý kiến về việc ký Hiệp định hợp tác {topic} với {country}",
    "V/v cử cán bộ tham dự {forum}",
    "V/v kế hoạch tổ chức các hoạt động kỷ niệm quan hệ ngoại giao Việt Nam - {country}",
    "V/v tiếp xúc song phương bên lề {forum}",
    "V/v cung cấp thông tin phục vụ Lãnh đạo Chính phủ tiếp Đại sứ {country}",
    "V/v tình hình vận động vốn ODA và vốn vay ưu đãi của {donor}",
    "V/v thực thi các cam kết trong Hiệp định {agreement}",
    "V/v tổng hợp báo cáo công tác đối ngoại {period} năm {year}",
    "V/v đề nghị cho phép đoàn công tác của {province} đi {country}",
    "V/v tổ chức Hội nghị xúc tiến đầu tư tại {country}",
)
GENERAL_ABSTRACTS = (
    "V/v góp ý dự thảo Nghị định quy định chi tiết một số điều của Luật {law}",
    "V/v báo cáo kết quả thực hiện Nghị quyết số {n}/NQ-CP của Chính phủ",
    "V/v kiến nghị của {province} về {issue}",
    "V/v tình hình thực hiện kế hoạch đầu tư công {period} năm {year}",
    "V/v rà soát, cắt giảm thủ tục hành chính thuộc phạm vi quản lý",
    "V/v báo cáo sơ kết {period} năm {year}",
    "V/v đề nghị bổ sung kinh phí thực hiện nhiệm vụ năm {year}",
    "V/v tháo gỡ vướng mắc trong {issue}",
    "V/v xin ý kiến về dự thảo Luật sửa đổi, bổ sung một số điều của Luật {law}",
    "V/v tổng hợp ý kiến về {issue}",
)
DEPARTMENT_TASKS = (
    "Xây dựng báo cáo tổng kết công tác đối ngoại của Chính phủ năm {year}",
    "Chuẩn bị tài liệu phục vụ Thủ tướng Chính phủ tiếp Đại sứ {country}",
    "Tổng hợp tình hình triển khai các thỏa thuận ký trong chuyến thăm {country}",
    "Đôn đốc thực hiện Chương trình hành động của Chính phủ về hội nhập quốc tế",
    "Xây dựng đề cương bài phát biểu của Lãnh đạo Chính phủ tại {forum}",
    "Rà soát danh mục điều ước quốc tế dự kiến ký kết năm {year}",
    "Chuẩn bị nội dung họp Ban Chỉ đạo liên ngành hội nhập quốc tế",
    "Theo dõi, tổng hợp tình hình quan hệ hợp tác với {country}",
)
GENERAL_TASKS = (
    "Tổng hợp ý kiến các bộ, ngành về dự thảo Luật {law}",
    "Chuẩn bị báo cáo phục vụ phiên họp Chính phủ thường kỳ tháng {month}",
    "Theo dõi, đôn đốc thực hiện các nhiệm vụ Thủ tướng Chính phủ giao",
    "Rà soát, đề xuất cắt giảm thủ tục hành chính về {issue}",
    "Xây dựng báo cáo chuyên đề về {issue}",
)
EXPECTED_RESULTS = (
    "Báo cáo trình Lãnh đạo Văn phòng",
    "Dự thảo văn bản trình Thủ tướng Chính phủ",
    "Tài liệu phục vụ hội đàm, làm việc",
    "Công văn đôn đốc các bộ, ngành",
    "Đề cương và dự thảo bài phát biểu",
    "Báo cáo tổng hợp",
)
INSTRUCTIONS = (
    "Giao {lead} chủ trì xử lý.",
    "Giao {lead} chủ trì, đề xuất, báo cáo Lãnh đạo Vụ.",
    "{lead} nghiên cứu, báo cáo trước ngày {deadline}.",
    "Chuyển {lead} theo dõi, xử lý theo quy định.",
)
INSTRUCTIONS_WITH_SUPPORT = (
    "Giao {lead} chủ trì, phối hợp {support} xử lý.",
    "{lead} chủ trì, {support} phối hợp, báo cáo trước ngày {deadline}.",
)
FORWARD_NOTES = (
    "Đề nghị đồng chí nghiên cứu, đề xuất.",
    "Chuẩn bị dự thảo văn bản trả lời.",
    "Xử lý theo ý kiến chỉ đạo của Lãnh đạo Vụ.",
    "Tổng hợp, dự thảo báo cáo.",
)
RESULTS = (
    "Đã dự thảo công văn trả lời, trình Lãnh đạo Vụ.",
    "Đã báo cáo Lãnh đạo Văn phòng.",
    "Đã có ý kiến góp ý bằng văn bản.",
    "Đã tổng hợp, gửi Phòng Tổng hợp.",
    "Đã trình Thủ tướng Chính phủ.",
    "Đã hoàn thành tài liệu phục vụ làm việc.",
    "Đã cung cấp thông tin theo đề nghị.",
    "Đã xử lý, lưu hồ sơ theo dõi.",
)
SUPPORT_RESULTS = (
    "Đã gửi ý kiến phối hợp.",
    "Đã cung cấp số liệu cho đơn vị chủ trì.",
    "Thống nhất với dự thảo của đơn vị chủ trì.",
)
EXTENSION_REASONS = (
    "Chờ ý kiến của các bộ, ngành liên quan.",
    "Cần xin ý kiến Lãnh đạo Văn phòng về phương án xử lý.",
    "Nội dung phức tạp, cần thêm thời gian tổng hợp số liệu.",
    "Phía đối tác chưa phản hồi về nội dung dự kiến.",
    "Trùng thời gian chuẩn bị chuyến công tác nước ngoài của Lãnh đạo.",
)
EXTENSION_APPROVED_NOTES = ("Đồng ý gia hạn.", "Đồng ý; đề nghị không gia hạn thêm.", "")
EXTENSION_REFUSED_NOTES = (
    "Đề nghị khẩn trương hoàn thành theo hạn đã giao.",
    "Không gia hạn; báo cáo ngay khi có ý kiến các bộ.",
)


def weighted(rng: random.Random, items: Sequence[tuple[str, float]]) -> str:
    """One value of ``(value, weight)`` pairs."""
    values = [value for value, _weight in items]
    return rng.choices(values, weights=[weight for _value, weight in items])[0]


class _Values(dict[str, object]):
    """Placeholder values drawn only when a template asks for them."""

    def __init__(self, rng: random.Random, day: date) -> None:
        super().__init__()
        self.rng, self.day = rng, day

    def __missing__(self, key: str) -> object:
        rng, day = self.rng, self.day
        draws: dict[str, Callable[[], object]] = {
            "country": lambda: rng.choice(COUNTRIES),
            "leader": lambda: rng.choice(LEADER_TITLES),
            "topic": lambda: rng.choice(TOPICS),
            "forum": lambda: rng.choice(FORUMS),
            "agreement": lambda: rng.choice(AGREEMENTS),
            "donor": lambda: rng.choice(DONORS),
            "law": lambda: rng.choice(LAWS),
            "issue": lambda: rng.choice(ISSUES),
            "province": lambda: f"UBND {rng.choice(PROVINCES)[0]}",
            "period": lambda: rng.choice(PERIODS),
            "n": lambda: rng.randint(2, 60),
            "year": lambda: day.year,
            "month": lambda: day.month,
        }
        value = self[key] = draws[key]()
        return value


def fill(rng: random.Random, template: str, day: date) -> str:
    """``template`` with its placeholders drawn from the lists above."""
    text = template.format_map(_Values(rng, day))
    return " ".join(text.split())  # an empty period leaves two spaces


def sender_reference(rng: random.Random, sender: Sender, code: str, day: date) -> str:
    """The sender's "số, ký hiệu", canonical the Decree 30 way ("1234/BNG-LPQT", "05/BC-BTC")."""
    number = max(1, int(day.timetuple().tm_yday * rng.uniform(2, 30)))
    if sender.party:
        return f"{number}-{code or 'CV'}/{sender.abbr}"
    if code:
        return f"{number:02d}/{code}-{sender.abbr}"
    return f"{number:02d}/{sender.abbr}-{rng.choice(sender.units)}"
