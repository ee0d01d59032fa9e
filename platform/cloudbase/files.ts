import type { Files } from '../../core/ports/files';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cloud = any;

/** Files in CloudBase storage; download links from `getTempFileURL`. */
export function createCloudbaseFiles(cloud: Cloud): Files {
  return {
    async upload(path, content) {
      const { fileID } = await cloud.uploadFile({ cloudPath: path, fileContent: content });
      return { fileId: fileID as string, size: content.length };
    },
    async tempUrl(fileId, ttlSeconds) {
      const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: ttlSeconds }] });
      const [file] = fileList as { tempFileURL: string; status: number; errMsg: string }[];
      if (!file || file.status !== 0) throw new Error(`getTempFileURL failed: ${file?.errMsg ?? 'no result'}`);
      return file.tempFileURL;
    },
    async read(fileId) {
      const { fileContent } = await cloud.downloadFile({ fileID: fileId });
      return fileContent as Buffer;
    },
  };
}
