import { parseAccept } from 'src/apiserver/discovery/negotiation';
import { PROTOBUF_MEDIA_TYPE } from 'src/apiserver/protobuf/codec';

/**
 * Whether a response should be protobuf: the client's most preferred media type that kubepg
 * serves is `application/vnd.kubernetes.protobuf` (client-go and kubectl's typed clients ask
 * `application/vnd.kubernetes.protobuf,application/json`). Clauses asking for a conversion
 * (`as=Table`) never select protobuf.
 * Semantics: k8s.io/apiserver pkg/endpoints/handlers/negotiation NegotiateOutputMediaType.
 */
export function prefersProtobuf(accept: string | undefined): boolean {
  if (!accept) {
    return false;
  }
  for (const c of parseAccept(accept)) {
    const type = `${c.type}/${c.subType}`;
    if (type === PROTOBUF_MEDIA_TYPE) {
      if (c.params.as === undefined) {
        return true;
      }
      continue;
    }
    if (type === 'application/json' || type === 'application/*' || type === '*/*') {
      return false;
    }
  }
  return false;
}
