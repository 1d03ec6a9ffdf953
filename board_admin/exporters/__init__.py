"""Writers of files people open elsewhere: Excel workbooks (openpyxl) and Word documents (python-docx)."""
