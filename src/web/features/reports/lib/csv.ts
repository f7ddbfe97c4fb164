// CSV built in the browser from the numbers a report section shows: every field quoted (RFC 4180), CRLF line ends,
// and a byte-order mark so that spreadsheet programs read accents correctly.

export type CsvCell = string | number | undefined;

const quote = (cell: CsvCell) => `"${(cell === undefined ? '' : String(cell)).replaceAll('"', '""')}"`;

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download named `filename`. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the address can go after that.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
