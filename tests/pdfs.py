"""PDFs for tests, without Django.

``text_pdf(lines)``: a one-page text PDF, as an office prints a letter; the same writer
makes the demo letters (``workflows.demo.letters.letter_pdf``).
"""

from workflows.demo.letters import letter_pdf as text_pdf

__all__ = ["text_pdf"]
