"""Reading a letter: text from PDFs and scans, then the fields of an Indonesian invitation.

Modules: ``pdf_text`` (pdfplumber), ``ocr`` (Tesseract/OCRmyPDF adapter),
``orientation`` (pages made upright: EXIF, /Rotate, OSD, deskew, lighting), ``dates``,
``labels`` and ``fields`` (the parser), ``runner`` (a child process with time and memory
limits, from ``documents.limits``), forked by ``forkserver`` (warm, one per process).
The package knows nothing of Django models; ``documents.tasks`` stores what it returns.
"""
