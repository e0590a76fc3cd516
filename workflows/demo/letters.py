"""The demo letters: realistic Indonesian invitations, and a PDF to attach to each."""

from dataclasses import dataclass, field

from documents.pdf_objects import pdf_from_objects

# The smallest valid PDF a mailroom could upload (one empty page); bulk letters share it.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def letter_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with ``lines`` as its text layer (Latin-1, in Helvetica), with a
    correct xref, as an office prints a letter. The demo data and the tests use it."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td"]
    ops += [f"({escape(line)}) '" for line in lines]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    return pdf_from_objects(objects)


# Demo letters


@dataclass
class DemoLetter:
    """One demo letter and how far it goes through the process.

    ``stop``: received, inbox (review taken by the reviewer), returned, corrected,
    rejected, reviewed, disposed, scheduled, cancelled, postponed. Letters whose disposition
    is decline/file end archived at the disposition; scheduled letters whose event is over
    are archived by the timer. ``day`` counts from today in the region's zone.
    """

    sender: str
    letter_number: str
    subject: str
    event_title: str
    day: int
    start: str
    end: str | None
    venue: str
    stop: str
    zone: str = "WITA"
    end_day: int | None = None  # for a multi-day event
    department: str = ""  # the sending department, if it is one of ours
    urgency: str = "biasa"
    security_class: str = "biasa"
    outside_region: bool = False
    dress_code: str = "Batik lengan panjang"
    contact_person: str = ""
    leader: str = "mayor"
    disposer: str = "walikota"
    outcome: str = "attend"
    delegates: list[str] = field(default_factory=list)  # department names of the heads
    instructions: list[str] = field(default_factory=list)
    note: str = ""
    clash_reason: str = ""


DEMO_LETTERS: list[DemoLetter] = [
    DemoLetter(
        sender="Dinas Kesehatan Kota Palu",
        letter_number="440/1172/Dinkes/{year}",
        subject="Undangan Pembukaan Pekan Imunisasi Nasional",
        event_title="Pembukaan Pekan Imunisasi Nasional (PIN) Polio",
        day=5,
        start="09.00",
        end="12.00",
        venue="Aula Dinas Kesehatan Kota Palu, Jl. Balai Kota Selatan",
        department="Dinas Kesehatan",
        urgency="segera",
        contact_person="Ibu Sari, 0812-4511-2233",
        stop="received",
    ),
    DemoLetter(
        sender="Universitas Tadulako",
        letter_number="1021/UN28/KM/{year}",
        subject="Undangan Dies Natalis ke-63 Universitas Tadulako",
        event_title="Rapat Senat Terbuka Dies Natalis ke-63 Universitas Tadulako",
        day=10,
        start="08.00",
        end=None,
        venue="Auditorium Universitas Tadulako, Tondo",
        dress_code="Pakaian Sipil Lengkap (PSL)",
        contact_person="Protokol Untad, 0451-422611",
        stop="inbox",
    ),
    DemoLetter(
        sender="Polres Palu",
        letter_number="B/2207/XI/OPS.1.3./{year}",
        subject="Undangan Apel Gelar Pasukan Operasi Lilin Tinombala",
        event_title="Apel Gelar Pasukan Operasi Lilin Tinombala",
        day=7,
        start="08.30",
        end="10.00",
        venue="Lapangan Mapolres Palu",
        urgency="sangat_segera",
        dress_code="PDU / menyesuaikan",
        contact_person="Kabag Ops, 0811-4500-110",
        stop="received",
    ),
    DemoLetter(
        sender="KONI Kota Palu",
        letter_number="045/KONI-PL/XI/{year}",
        subject="Permohonan Membuka Pekan Olahraga Kota",
        event_title="Pembukaan Pekan Olahraga Kota (Porkot) Palu",
        day=18,
        start="15.00",
        end="18.00",
        venue="Stadion Gawalise",
        stop="returned",
        note="Lampiran susunan acara tidak terbaca; mohon pindai ulang.",
    ),
    DemoLetter(
        sender="Kecamatan Palu Timur",
        letter_number="005/311/Kec.PT/{year}",
        subject="Undangan Musrenbang Kecamatan Palu Timur",
        event_title="Musyawarah Perencanaan Pembangunan Kecamatan Palu Timur",
        day=8,
        start="09.00",
        end="13.00",
        venue="Aula Kantor Camat Palu Timur",
        department="Kecamatan Palu Timur",
        stop="corrected",
        note="Waktu acara pada registrasi berbeda dengan surat (tertulis 09.00 WITA).",
    ),
    DemoLetter(
        sender="Kementerian Dalam Negeri",
        letter_number="000.1.2/7712/OTDA",
        subject="Undangan Rapat Koordinasi Nasional Kepala Daerah",
        event_title="Rakornas Kepala Daerah dan Forkopimda se-Indonesia",
        day=14,
        end_day=16,
        start="08.00",
        end="17.00",
        zone="WIB",
        venue="Sentul International Convention Center, Bogor",
        outside_region=True,
        urgency="segera",
        contact_person="Ditjen Otda, 021-3450038",
        stop="reviewed",
    ),
    DemoLetter(
        sender="TP PKK Kota Palu",
        letter_number="12/PKK-PL/{year}",
        subject="Undangan Penilaian Lomba Posyandu Tingkat Kota",
        event_title="Penilaian Lomba Posyandu Tingkat Kota Palu",
        day=3,
        start="09.00",
        end="11.30",
        venue="Posyandu Melati, Kelurahan Tanamodindi",
        leader="deputy",
        disposer="wakil",
        stop="reviewed",
    ),
    DemoLetter(
        sender="BPS Provinsi Sulawesi Tengah",
        letter_number="B-552/72000/HM.340/{year}",
        subject="Undangan Diseminasi Hasil Survei Sosial Ekonomi Nasional",
        event_title="Diseminasi Hasil Susenas Sulawesi Tengah",
        day=1,
        start="10.00",
        end="12.00",
        venue="Hotel Santika Palu",
        leader="sekda",
        disposer="sekda",
        stop="reviewed",
    ),
    DemoLetter(
        sender="Bank Indonesia Perwakilan Sulawesi Tengah",
        letter_number="26/112/Plu/Srt/B",
        subject="Undangan Pembukaan Festival Ekonomi Syariah Sulawesi",
        event_title="Pembukaan Festival Ekonomi Syariah (FESyar) Sulawesi",
        day=12,
        start="19.30",
        end="22.00",
        venue="Palu Grand Mall, Jl. Moh. Hatta",
        disposer="ajudan_walikota",
        instructions=["sambutan", "koordinasikan"],
        note="Wali Kota hadir. Protokol siapkan sambutan singkat.",
        stop="disposed",
    ),
    DemoLetter(
        sender="Dinas Pendidikan Provinsi Sulawesi Tengah",
        letter_number="420/3391/Dikbud/{year}",
        subject="Undangan Peluncuran Gerakan Literasi Sekolah",
        event_title="Peluncuran Gerakan Literasi Sekolah Kota Palu",
        day=9,
        start="08.00",
        end="11.00",
        venue="SMP Negeri 1 Palu",
        disposer="sespri_walikota",
        outcome="represent",
        delegates=["Dinas Pendidikan"],
        instructions=["wakili", "dilaksanakan"],
        note="Diwakili Kadis Pendidikan.",
        stop="disposed",
    ),
    DemoLetter(
        sender="Dinas PUPR Kota Palu",
        letter_number="600/874/PUPR/{year}",
        subject="Undangan Peresmian Jembatan Lalove",
        event_title="Peresmian Jembatan Lalove",
        day=7,
        start="08.00",
        end="10.00",
        venue="Jembatan Lalove, Kelurahan Lasoani",
        department="Dinas PUPR",
        contact_person="Kabid Bina Marga, 0813-5412-7788",
        instructions=["sambutan"],
        note="Hadir. Siapkan sambutan.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Kodim 1306/Kota Palu",
        letter_number="B/1180/XI/{year}",
        subject="Undangan Upacara Peringatan Hari Juang TNI AD",
        event_title="Upacara Peringatan Hari Juang TNI AD",
        day=7,
        start="09.00",
        end="11.00",
        venue="Lapangan Makodim 1306/Kota Palu",
        disposer="ajudan_walikota",
        dress_code="PSL",
        note="Hadir sebagai inspektur upacara.",
        clash_reason="Peresmian Jembatan Lalove dipersingkat; Wali Kota langsung ke Makodim.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="LPM Kelurahan Balaroa",
        letter_number="07/LPM-BLR/{year}",
        subject="Undangan Musyawarah Kelurahan Balaroa",
        event_title="Musyawarah Perencanaan Pembangunan Kelurahan Balaroa",
        day=4,
        start="14.00",
        end="16.00",
        venue="Aula Kelurahan Balaroa",
        outcome="represent",
        delegates=["Kecamatan Palu Barat"],
        instructions=["wakili"],
        note="Diwakili Camat Palu Barat.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="APEKSI Komisariat Wilayah VI",
        letter_number="058/APEKSI-KOMWIL-VI/{year}",
        subject="Undangan Rapat Kerja Komisariat Wilayah APEKSI",
        event_title="Rapat Kerja Komwil VI APEKSI",
        day=20,
        start="09.00",
        end="15.00",
        zone="WIT",
        venue="Hotel Swiss-Belhotel Papua, Jayapura",
        outside_region=True,
        leader="deputy",
        disposer="ajudan_wakil",
        note="Wakil Wali Kota hadir.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Dinas Kesehatan Kota Palu",
        letter_number="440/1230/Dinkes/{year}",
        subject="Undangan Pencanangan Kampung KB dan Stunting",
        event_title="Pencanangan Kampung KB Kelurahan Kabonena",
        day=6,
        start="09.00",
        end="11.00",
        venue="Kelurahan Kabonena",
        department="Dinas Kesehatan",
        outcome="represent",
        delegates=["Dinas Kesehatan"],
        note="Diwakili Kadis Kesehatan.",
        stop="postponed",
    ),
    DemoLetter(
        sender="PT Bank Sulteng",
        letter_number="125/DIR-BST/{year}",
        subject="Undangan Malam Ramah Tamah HUT Bank Sulteng",
        event_title="Malam Ramah Tamah HUT ke-62 Bank Sulteng",
        day=11,
        start="19.00",
        end="22.00",
        venue="Hotel Best Western Coco Palu",
        disposer="sespri_walikota",
        outcome="decline",
        note="Wali Kota berada di luar daerah; mohon maaf tidak dapat hadir.",
        stop="archived",
    ),
    DemoLetter(
        sender="CV Sinar Tadulako",
        letter_number="11/STD/PROMO/{year}",
        subject="Undangan Peluncuran Produk Baru",
        event_title="Grand Launching Showroom Sinar Tadulako",
        day=15,
        start="10.00",
        end="12.00",
        venue="Jl. Emmy Saelan No. 45, Palu",
        note="Kegiatan usaha swasta; tidak perlu kehadiran pimpinan.",
        stop="rejected",
    ),
    DemoLetter(
        sender="BMKG Stasiun Geofisika Palu",
        letter_number="PL.105/1241/KPL/{year}",
        subject="Pemberitahuan Sosialisasi Gempa Bumi dan Tsunami",
        event_title="Sosialisasi Mitigasi Gempa Bumi dan Tsunami bagi Sekolah",
        day=13,
        start="08.30",
        end="12.00",
        venue="SMA Negeri 4 Palu",
        leader="sekda",
        disposer="ajudan_sekda",
        outcome="file",
        instructions=["diketahui", "arsip"],
        note="Untuk diketahui; BPBD koordinasi teknis.",
        stop="archived",
    ),
    DemoLetter(
        sender="Universitas Tadulako",
        letter_number="1077/UN28/HK/{year}",
        subject="Undangan Seminar Nasional Pembangunan Kota Pascabencana",
        event_title="Seminar Nasional Pembangunan Kota Tangguh Pascabencana",
        day=16,
        start="08.00",
        end="15.00",
        venue="Gedung Media Center Untad",
        instructions=["sambutan"],
        note="Hadir sebagai keynote speaker.",
        stop="cancelled",
    ),
    DemoLetter(
        sender="Dinas Sosial Kota Palu",
        letter_number="460/512/Dinsos/{year}",
        subject="Undangan Penyaluran Bantuan Sosial Pangan",
        event_title="Penyaluran Bantuan Pangan bagi Keluarga Penerima Manfaat",
        day=-5,
        start="09.00",
        end="12.00",
        venue="Kantor Kelurahan Tipo",
        department="Dinas Sosial",
        disposer="ajudan_walikota",
        stop="scheduled",
    ),
    DemoLetter(
        sender="BPBD Kota Palu",
        letter_number="360/288/BPBD/{year}",
        subject="Undangan Simulasi Evakuasi Tsunami",
        event_title="Simulasi Evakuasi Mandiri Tsunami Teluk Palu",
        day=-12,
        start="07.30",
        end="11.00",
        venue="Pantai Talise",
        department="BPBD",
        outcome="represent",
        delegates=["BPBD", "Kecamatan Palu Barat"],
        instructions=["wakili", "koordinasikan"],
        note="Diwakili Kalak BPBD dan Camat Palu Barat.",
        stop="scheduled",
    ),
    DemoLetter(
        sender="Bappeda Kota Palu",
        letter_number="050/967/Bappeda/{year}",
        subject="Undangan Konsultasi Publik Rancangan Awal RKPD",
        event_title="Konsultasi Publik Rancangan Awal RKPD Kota Palu",
        day=22,
        end_day=23,
        start="08.00",
        end="16.00",
        venue="Ruang Rapat Bantaya, Kantor Wali Kota Palu",
        department="Bappeda",
        leader="sekda",
        disposer="ajudan_sekda",
        note="Sekda membuka hari pertama.",
        stop="scheduled",
    ),
]
