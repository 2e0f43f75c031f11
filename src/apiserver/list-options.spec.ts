import { decodeContinue, encodeContinue, parseListOptions } from 'src/apiserver/list-options';
import { StatusError } from 'src/apiserver/status';

function statusOf(fn: () => unknown): { code: number; reason?: string; message?: string } {
  try {
    fn();
  } catch (e) {
    return (e as StatusError).status;
  }
  throw new Error('expected an error');
}

describe(parseListOptions.name, () => {
  it('parses the options kubectl and informers send', () => {
    expect(parseListOptions({ limit: '500', resourceVersion: '0', labelSelector: 'app=web' }, false)).toMatchObject({ limit: 500, resourceVersion: '0', labelSelector: 'app=web' });
    expect(
      parseListOptions({ watch: 'true', allowWatchBookmarks: 'true', sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan', timeoutSeconds: '343' }, true),
    ).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', timeoutSeconds: 343, allowWatchBookmarks: true });
  });

  it('rejects sendInitialEvents without resourceVersionMatch=NotOlderThan with 422 Invalid', () => {
    const s = statusOf(() => parseListOptions({ sendInitialEvents: 'true', allowWatchBookmarks: 'true' }, true));
    expect(s.code).toBe(422);
    expect(s.reason).toBe('Invalid');
  });

  it('rejects resourceVersionMatch without a resourceVersion on list', () => {
    expect(statusOf(() => parseListOptions({ resourceVersionMatch: 'Exact' }, false)).code).toBe(422);
  });

  it('rejects a resourceVersion that is not a decimal integer with 400', () => {
    expect(statusOf(() => parseListOptions({ resourceVersion: 'abc' }, false))).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('rejects a negative limit with 400', () => {
    expect(statusOf(() => parseListOptions({ limit: '-1' }, false)).code).toBe(400);
  });
});

describe('continue tokens', () => {
  it('round-trip', () => {
    const t = { rv: 42, ns: 'default', name: 'web-1' };
    expect(decodeContinue(encodeContinue(t))).toEqual(t);
  });

  it('a garbage token is 400 BadRequest', () => {
    expect(statusOf(() => decodeContinue('not-a-token'))).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});
