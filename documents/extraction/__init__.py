"""Reading a letter: text from PDFs and scans, then the fields of an Indonesian invitation.

Modules: ``pdf_text`` (pdfplumber), ``ocr`` (Tesseract/OCRmyPDF adapter), ``dates``,
``labels`` and ``fields`` (the parser), ``runner`` (a child process with time and memory
limits, from ``documents.limits``).
The package knows nothing of Django models; ``documents.tasks`` stores what it returns.
"""
