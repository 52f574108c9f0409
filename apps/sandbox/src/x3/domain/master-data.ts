import { PoolClient } from 'pg';
import { entityByName } from '../model/catalog';
import { EntityDesc } from '../model/descriptor';
import { X3BusinessError, Values, getRow, insertRow, lineIdOf, mustGet, stampNow, text, updateRow } from './store';

// Customers, suppliers and products: X3 checks mandatory fields, references and enums, and a
// customer or supplier shares its business partner record (BPARTNER) with the other role.

async function checkValues(
  client: PoolClient,
  folder: string,
  desc: EntityDesc,
  data: Values,
  creating: boolean,
): Promise<void> {
  for (const prop of desc.props) {
    const value = data[prop.name];
    if (creating && prop.required && (value === undefined || value === null || value === '')) {
      throw new X3BusinessError(`${prop.label} (${prop.code}): mandatory field`);
    }
    if (value === undefined || value === null || value === '') continue;
    if (!prop.writable && prop.name !== 'lineNumber')
      throw new X3BusinessError(`${prop.label} (${prop.code}): not modifiable`);
    if (prop.kind === 'ref' && !(prop.name === 'code' && (desc.name === 'customer' || desc.name === 'supplier'))) {
      await mustGet(client, prop.ref!, folder, value, `${prop.label} (${prop.code})`);
    }
  }
}

async function upsertPartner(
  client: PoolClient,
  folder: string,
  role: 'customer' | 'supplier',
  code: string,
  data: Values,
  stamp: Date,
) {
  // A customer and a supplier of one code created at once (two flows writing the same Xero contact)
  // both found no partner and both inserted it: the second failed "record already exists". X3 takes
  // one partner's creation after the other; so does the sandbox, until the transaction ends.
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`x3-partner:${folder}:${code}`]);
  const existing = await getRow(client, 'businessPartner', folder, code, true);
  const flag = role === 'customer' ? { isCustomer: true } : { isSupplier: true };
  const shared = { companyName: data.companyName, currency: data.currency };
  if (existing) await updateRow(client, 'businessPartner', folder, code, { ...flag, ...shared }, stamp);
  else
    await insertRow(
      client,
      'businessPartner',
      folder,
      code,
      { code, shortCompanyName: text(data.companyName).slice(0, 10), ...flag, ...shared },
      stamp,
    );
}

export async function createMasterRecord(
  client: PoolClient,
  folder: string,
  entity: string,
  data: Values,
): Promise<string> {
  const desc = entityByName(entity);
  const stamp = stampNow();
  const code = (data.code ?? data._id) as string | undefined;
  if (!code) throw new X3BusinessError(`${desc.props[0].label} (${desc.keyCode}): mandatory field`);
  if (!/^[A-Z0-9_]{1,15}$/.test(code)) throw new X3BusinessError(`${desc.keyCode} ${code}: invalid code`);
  await checkValues(client, folder, desc, data, true);
  if (entity === 'customer' || entity === 'supplier') await upsertPartner(client, folder, entity, code, data, stamp);
  const defaults: Values =
    entity === 'product' ? { productStatus: 'active', isSold: true, isPurchased: true } : { isActive: true };
  await insertRow(client, entity, folder, code, { ...defaults, ...data, code }, stamp);
  await insertCollections(client, folder, desc, code, data, stamp);
  return code;
}

export async function updateMasterRecord(
  client: PoolClient,
  folder: string,
  entity: string,
  id: string,
  data: Values,
): Promise<string> {
  const desc = entityByName(entity);
  const stamp = stampNow();
  await mustGet(client, entity, folder, id, desc.typeName, true);
  const { _id, code, ...changes } = data;
  if (code !== undefined && code !== id) throw new X3BusinessError(`${desc.keyCode}: the key cannot be modified`);
  await checkValues(client, folder, desc, changes, false);
  await updateRow(client, entity, folder, id, changes, stamp);
  if (entity === 'customer' || entity === 'supplier')
    await upsertPartner(client, folder, entity, id, { ...(await getRow(client, entity, folder, id))! }, stamp);
  await insertCollections(client, folder, desc, id, changes, stamp);
  return id;
}

/** Collections given on create or update replace the stored lines (X3 saves the whole grid). */
async function insertCollections(
  client: PoolClient,
  folder: string,
  desc: EntityDesc,
  parent: string,
  data: Values,
  stamp: Date,
) {
  for (const collection of desc.collections) {
    const lines = data[collection.name] as Values[] | undefined;
    if (!lines) continue;
    const lineDesc = entityByName(collection.entity);
    await client.query(`DELETE FROM ${lineDesc.table} WHERE folder = $1 AND _parent = $2`, [folder, parent]);
    for (const [index, line] of lines.entries()) {
      await checkValues(client, folder, lineDesc, line, true);
      const sortValue = (index + 1) * 1000;
      const id = lineIdOf(parent, sortValue);
      await insertRow(client, collection.entity, folder, id, line, stamp, { parent, sortValue });
    }
  }
}
