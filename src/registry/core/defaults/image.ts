// Semantics: kubernetes pkg/util/parsers/parsers.go ParseImageName over
// github.com/distribution/reference ParseNormalizedNamed: the grammar of image references.

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** The tag and digest of an image reference; undefined when it does not parse. */
export interface ImageReference {
  name: string;
  tag: string;
  digest: string;
}

/**
 * ParseImageName: splits `registry/repo:tag@digest`. A reference with neither tag nor digest
 * gets the tag `latest`, as the kubelet pulls it.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) {
    return undefined;
  }
  const m = REFERENCE_RE.exec(image);
  if (!m || m[1].length > 255) {
    return undefined;
  }
  const [, name, tag = '', digest = ''] = m;
  return { name, tag: tag || digest ? tag : 'latest', digest };
}

/**
 * The imagePullPolicy defaulted for a container: Always for a `latest` (or missing) tag,
 * IfNotPresent for anything else, including digests and references that do not parse.
 * Semantics: pkg/apis/core/v1/defaults.go SetDefaults_Container.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  return parseImageReference(image ?? '')?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
