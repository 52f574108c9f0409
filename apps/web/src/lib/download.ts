import { useMutation } from '@tanstack/react-query';
import { apiDownload } from './api-client';

/** Hands a fetched file to the browser's own download, under the name the api gave it. */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has started the download by now; the URL only needs to outlive this task
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A download button's state: busy while the api builds the file, its refusal as an error to show. */
export function useDownload() {
  return useMutation({
    mutationFn: async (path: string) => {
      const { blob, filename } = await apiDownload(path);
      save(blob, filename);
      return filename;
    },
  });
}
