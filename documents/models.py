"""Stored files. An original is written once and never rewritten."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    file = models.FileField(_("berkas"), upload_to="originals/%Y/%m/", max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # Empty for a file sent with a public online request (the requester has no account).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    page_count = models.PositiveIntegerField(_("jumlah halaman"), null=True, blank=True)
    # A corrected upload is a new version; the earlier one is kept untouched.
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    # Derived files, made in the background (documents/derived.py): a searchable PDF/A for
    # scans (empty for a PDF with text on every page: the original is already searchable)
    # and a first-page thumbnail. A name is set only once its object is stored.
    searchable_pdf = models.FileField(upload_to="derived/%Y/%m/", max_length=300, blank=True)
    thumbnail = models.FileField(upload_to="thumbnails/%Y/%m/", max_length=300, blank=True)

    class Derived(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    derived_status = models.CharField(
        _("berkas turunan"), max_length=10, choices=Derived, default=Derived.PENDING
    )
    derived_error = models.TextField(_("galat berkas turunan"), blank=True)

    # Reading the letter: text and the fields proposed for the registration form.
    class Extraction(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Sedang dibaca")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    extraction_status = models.CharField(
        _("pembacaan"), max_length=10, choices=Extraction, default=Extraction.PENDING
    )
    extraction_progress = models.PositiveSmallIntegerField(default=0)  # percent
    extraction_error = models.TextField(blank=True)
    text = models.TextField(_("teks"), blank=True)
    extracted_fields = models.JSONField(default=dict, blank=True)

    # Disposed under a recorded decision (its reference, e.g. a berita acara number): the
    # stored objects are gone; the row, its name, size and checksum stay as the record.
    disposed_at = models.DateTimeField(_("dimusnahkan"), null=True, blank=True)
    disposed_reference = models.CharField(_("dasar pemusnahan"), max_length=120, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return self.original_name


class DocumentAccess(models.Model):
    """Every opening of an original is logged (auditors ask who saw what)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("pembukaan dokumen")
        verbose_name_plural = _("pembukaan dokumen")

    def __str__(self) -> str:
        return f"{self.user} {self.document_id} {self.at:%Y-%m-%d %H:%M}"
