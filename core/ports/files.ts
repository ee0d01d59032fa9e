/** File storage: CloudBase storage in production, a folder with signed URLs locally. */
export interface StoredFile {
  fileId: string;
  size: number;
}

export interface Files {
  upload(path: string, content: Buffer): Promise<StoredFile>;
  /** A temporary download URL, valid for `ttlSeconds`. */
  tempUrl(fileId: string, ttlSeconds: number): Promise<string>;
  read(fileId: string): Promise<Buffer>;
}
