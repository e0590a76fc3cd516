"""A starter classification scheme in the shape of Permendagri 83/2022 (the protocol series
400.14.x and a few general codes for correspondence). A region checks it against its own
JRA (Perkada) and edits it on the records pages: codes, titles and periods differ."""

# (code, title, parent code, active years, inactive years, final disposition)
STARTER_CODES: tuple[tuple[str, str, str, int, int, str], ...] = (
    ("000", "Umum", "", 2, 3, "reappraise"),
    ("000.2", "Persuratan dan kearsipan", "000", 2, 3, "destroy"),
    ("000.2.1", "Undangan (surat undangan umum)", "000.2", 1, 1, "destroy"),
    ("000.2.2", "Surat-menyurat dinas umum", "000.2", 2, 3, "destroy"),
    ("000.2.3", "Surat edaran dan pemberitahuan", "000.2", 2, 3, "reappraise"),
    ("400", "Kesejahteraan rakyat", "", 2, 3, "reappraise"),
    ("400.14", "Hubungan masyarakat dan keprotokolan", "400", 2, 3, "reappraise"),
    (
        "400.14.1",
        "Keprotokolan (tata upacara, tata tempat, tata penghormatan)",
        "400.14",
        2,
        3,
        "destroy",
    ),
    ("400.14.2", "Acara pimpinan (undangan, susunan acara, sambutan)", "400.14", 2, 3, "destroy"),
    ("400.14.3", "Tamu dan audiensi pimpinan", "400.14", 2, 3, "destroy"),
    ("400.14.4", "Perjalanan dinas pimpinan", "400.14", 2, 5, "reappraise"),
    ("400.14.5", "Dokumentasi kegiatan pimpinan", "400.14", 2, 8, "permanent"),
    ("400.14.6", "Upacara hari besar nasional dan daerah", "400.14", 2, 3, "reappraise"),
)
