import type { ChatKitOptions } from "@openai/chatkit";

/**
 * Composer attachments, with the backend's default limits (ATTACHMENT_MAX_BYTES,
 * ATTACHMENT_MAX_PER_MESSAGE and ATTACHMENT_MIME_TYPES): the composer refuses early what the
 * server would refuse anyway.
 * Change both together. The server decides; these only spare users a failed upload.
 */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_COUNT = 5;
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/webp": [".webp"],
  "image/gif": [".gif"],
  "application/pdf": [".pdf"],
  "text/plain": [".txt"],
};

type AttachmentOption = NonNullable<NonNullable<ChatKitOptions["composer"]>["attachments"]>;

export function composerAttachments(): AttachmentOption {
  return {
    enabled: true,
    maxSize: ATTACHMENT_MAX_BYTES,
    maxCount: ATTACHMENT_MAX_COUNT,
    accept: Object.fromEntries(
      Object.entries(ATTACHMENT_TYPES).map(([type, extensions]) => [type, [...extensions]]),
    ),
  };
}
