// Uploaded files (/api/v1/files): the blobs that image, file and signature fields refer to.
//   POST /api/v1/files?name=<name>, raw body → 201 {"id","name","size","type","sha256"}
//   GET  /api/v1/files/{id} → the bytes (images inline)
// A field's value is a list of references [{"id","name","size","type"}]. Uploads go through
// XMLHttpRequest rather than fetch because only it reports upload progress; headers, CSRF and error
// replies are handled as in client.ts.
import i18n, { currentLanguage } from '../i18n';
import { ApiError, apiBase, getCsrfToken } from './client';

/** What a field stores about one uploaded file. */
export interface FileRef {
  id: string;
  name: string;
  size: number;
  type: string;
}

export interface UploadedFile extends FileRef {
  sha256?: string;
}

/** The server's upload limit (a larger body is refused with 413). */
export const maxUploadBytes = 20 * 1024 * 1024;

/** The URL of an uploaded file's bytes (for <img src> and download links). */
export const fileUrl = (id: string) => `${apiBase}/files/${encodeURIComponent(id)}`;

/** Only the reference's own properties, as a field value holds them. */
export const toRef = (f: FileRef): FileRef => ({ id: f.id, name: f.name, size: f.size, type: f.type });

/** Keeps only well-formed references from a stored value. */
export function refsOf(value: unknown): FileRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is FileRef => typeof v === 'object' && v !== null && typeof (v as FileRef).id === 'string' && typeof (v as FileRef).name === 'string',
  );
}

function parseError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const e = body.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      return new ApiError(status, e.code, e.message, (e.details as Record<string, unknown>) ?? {});
    }
  } catch {
    // not our error body (a proxy's page): fall through
  }
  return new ApiError(status, `http.${status}`, i18n.t('common:error.http', { status }));
}

/** Uploads `body` under `name`; `onProgress` gets 0-100. Rejects with an ApiError (status 413 when the
 *  file is too large, 0 with network.error when the connection fails). */
export function uploadFile(body: Blob, name: string, onProgress?: (percent: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase}/files?name=${encodeURIComponent(name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.setRequestHeader('Content-Type', body.type || 'application/octet-stream');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedFile);
        } catch {
          reject(new ApiError(xhr.status, `http.${xhr.status}`, i18n.t('common:error.http', { status: xhr.status })));
        }
        return;
      }
      reject(parseError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network.error', i18n.t('common:error.network')));
    xhr.send(body);
  });
}
