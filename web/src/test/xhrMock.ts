// A fake XMLHttpRequest for upload tests (api/files.ts uploads through XHR for its progress events).
// Each send is recorded; `reply` decides the answer, and progress is reported at half and at the end.
import { vi } from 'vitest';

export interface RecordedUpload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Blob;
}

export type UploadReply = (upload: RecordedUpload) => { status: number; body?: unknown };

export function installXhr(reply: UploadReply) {
  const uploads: RecordedUpload[] = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    withCredentials = false;
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private method = '';
    private url = '';
    private headers: Record<string, string> = {};
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: Blob) {
      const recorded = { method: this.method, url: this.url, headers: this.headers, body };
      uploads.push(recorded);
      const answer = reply(recorded);
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
        setTimeout(() => {
          this.upload.onprogress?.({ lengthComputable: true, loaded: 2, total: 2 });
          this.status = answer.status;
          this.responseText = answer.body === undefined ? '' : JSON.stringify(answer.body);
          if (answer.status === 0) this.onerror?.();
          else this.onload?.();
        }, 0);
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return { uploads };
}
