import { createHash } from 'node:crypto';

/** An image reference split as containerd normalises it. */
export interface ImageRef {
  /** `docker.io/library/nginx`. */
  repository: string;
  /** `1.27`; `latest` when the reference names neither tag nor digest. */
  tag?: string;
  /** `sha256:…` when the reference pins one. */
  digest?: string;
}

/**
 * Normalises a reference the way docker/containerd do: no registry means docker.io, a single path
 * element on docker.io lives under `library/`, no tag or digest means `:latest`.
 * Semantics: github.com/distribution/reference normalize.go ParseNormalizedNamed, TagNameOnly.
 */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasDomain ? rest : `docker.io/${rest}`;
  if (!hasDomain && slash < 0) {
    repository = `docker.io/library/${rest}`;
  }
  return { repository, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

/** The full reference the runtime reports as a container's image, e.g. `docker.io/library/nginx:1.27`. */
export function normalizedImage(image: string): string {
  const r = parseImageRef(image);
  return r.digest ? `${r.repository}@${r.digest}` : `${r.repository}:${r.tag}`;
}

/** A stable digest reference for an image (the pinned digest, else a hash of the normalised reference). */
export function imageIDFor(image: string): string {
  const r = parseImageRef(image);
  const digest = r.digest ?? `sha256:${createHash('sha256').update(normalizedImage(image)).digest('hex')}`;
  return `${r.repository}@${digest}`;
}
