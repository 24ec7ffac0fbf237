/**
 * What the client asks of the browser beyond the DOM: page navigation, new windows, file
 * downloads and confirmations. One object (as Odoo's @web/core/browser/browser) so component
 * tests can replace its functions: jsdom cannot navigate.
 */
export const browser = {
  /** Leaves the client for another page (login, a reload with ?debug=1). */
  redirect(url: string): void {
    window.location.assign(url);
  },
  reload(): void {
    window.location.reload();
  },
  open(url: string, target: '_blank' | '_self'): void {
    window.open(url, target, target === '_blank' ? 'noopener' : undefined);
  },
  confirm(message: string): boolean {
    return window.confirm(message);
  },
  /** Saves bytes as a file through a temporary link; the object URL is released afterwards. */
  download(filename: string, mimetype: string, bytes: Uint8Array): void {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimetype }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

/** base64 (a download payload's "data") to bytes. */
export function base64ToBytes(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
