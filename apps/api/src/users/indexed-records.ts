import { keyTemplate } from '../keys/key-template.ts';
import { defineScript } from '../store/define-script.ts';
import { list } from '../store/reply.ts';
import type { Reply, Store } from '../store/store.ts';

/** Each record's id (from the index's fields or its values, `idsAt` 1 or 2) and its hash. */
const listIndexedRecordsScript = defineScript({
  name: 'list-indexed-records',
  keys: ['index'],
  args: ['idsAt', 'recordPrefix', 'recordSuffix'],
  reply: list,
  lua: `
local out = {}
local index = redis.call('HGETALL', indexKey)
for i = tonumber(idsAt), #index, 2 do
  out[#out + 1] = index[i]
  out[#out + 1] = redis.call('HGETALL', recordPrefix .. index[i] .. recordSuffix)
end
return out
`,
});

/**
 * The records an index hash points to, in one round trip, each as its id and its HGETALL reply
 * (in no particular order). A user's passkeys and provider identities are kept this way: the
 * identities' index has the ids as fields, the passkeys' (keyed by credential id) as values.
 */
export async function listIndexedRecords(
  store: Store,
  input: { index: string; idsIn: 'fields' | 'values'; record: (id: string) => string },
): Promise<{ id: string; reply: Reply }[]> {
  const reply = await listIndexedRecordsScript.run(store, {
    index: input.index,
    idsAt: input.idsIn === 'fields' ? 1 : 2,
    ...keyTemplate('record', input.record),
  });
  const records: { id: string; reply: Reply }[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const id = reply[i];
    if (typeof id === 'string') records.push({ id, reply: reply[i + 1] ?? null });
  }
  return records;
}
