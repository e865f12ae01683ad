"""Files in and out: account and price lists read from CSV/XLSX, budgets written to XLSX."""
