"""Files in and out of a module: the Word import (docx → HTML by mammoth → Markdown)."""
