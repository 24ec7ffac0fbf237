import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { AccessDenied, AccessError, UserError } from '../orm/exceptions';
import type { Vals } from '../orm/values';
import { hashPassword, isHashed, verifyPassword } from '../security/password';
import { LOCAL_CLIENT } from '../security/throttle';
import { loginThrottleOf } from '../security/shared_throttle';

/** Users: a login, a hashed password, groups and the companies they work in. */
export class ResUsers extends Model {
  static override _name = 'res.users';
  static override _description = 'User';
  static override _order = 'name, login';
  static override _fields = {
    name: fields.char({ required: true }),
    login: fields.char({ required: true, index: true }),
    password: fields.char({ writeOnly: true, copy: false, help: 'Write-only: stored as a scrypt hash.' }),
    partner_id: fields.many2one('res.partner', { string: 'Related Partner', ondelete: 'restrict' }),
    email: fields.char(),
    active: fields.boolean({ default: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, default: (env: any) => env.companyId() }),
    company_ids: fields.many2many('res.company', { string: 'Companies', relation: 'res_company_users_rel', column1: 'user_id', column2: 'cid' }),
    groups_id: fields.many2many('res.groups', { string: 'Groups', relation: 'res_groups_users_rel', column1: 'uid', column2: 'gid' }),
    tz: fields.char({ string: 'Timezone', default: 'UTC' }),
    lang: fields.char({ string: 'Language', default: 'en_US' }),
    login_date: fields.datetime({ string: 'Latest Login', readonly: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [['login_key', 'unique(login)', 'You can not have two users with the same login!']];
  static override _public = ['has_group', 'preference_save'];

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const prepared: Vals[] = [];
    for (const vals of list) {
      const copy = { ...vals };
      if (typeof copy.password === 'string' && copy.password) copy.password = await hashPassword(copy.password);
      if (!copy.partner_id) {
        const partner = await this.env.model('res.partner').sudo().create({ name: copy.name ?? copy.login, email: copy.email ?? false, company_id: copy.company_id ?? false });
        copy.partner_id = partner.ids[0];
      }
      prepared.push(copy);
    }
    const users = await super.create(prepared);
    for (const [user] of await Promise.all(users.ids.map(async (id) => [await this.sudo().browse([id]).fetchOne(['company_id', 'company_ids'])]))) {
      if (!user.company_ids.includes(user.company_id)) await this.sudo().browse([user.id]).write({ company_ids: [[4, user.company_id]] });
    }
    return users;
  }

  override async write(vals: Vals): Promise<true> {
    const copy = { ...vals };
    if ('password' in copy) {
      if (typeof copy.password !== 'string' || !copy.password) throw new UserError('Setting an empty password is not allowed.');
      if (!isHashed(copy.password)) copy.password = await hashPassword(copy.password);
    }
    if (('groups_id' in copy || 'company_ids' in copy) && !this.env.su && !(await this.env.hasGroup('base.group_system'))) {
      throw new AccessError('Only administrators can change the groups or companies of users.');
    }
    const result = await super.write(copy);
    this.env.cache.groups.clear();
    this.env.cache.access.clear();
    this.env.cache.companies.clear();
    return result;
  }

  /**
   * Checks a login and password; returns the uid. Throttled after repeated failures, per
   * login and client address (see LoginThrottle), so a stranger cannot lock the user out.
   */
  async _checkCredentials(login: string, password: string, client: string = LOCAL_CLIENT): Promise<number> {
    if (typeof login !== 'string' || typeof password !== 'string' || !login) throw new AccessDenied();
    const throttle = loginThrottleOf(this.env.cache.db);
    const verdict = await throttle.verdict(login, client);
    if (verdict === 'client') throw new AccessDenied('Too many failed login attempts from your address; wait a minute before trying again.');
    if (verdict === 'login') throw new AccessDenied('Too many failed login attempts for this user from many addresses; wait a minute, or log in from an address you used before.');
    const { rows } = await this.env.cr.query<{ id: number; password: string | null }>(
      'SELECT id, password FROM res_users WHERE login = $1 AND active IS TRUE', [login]);
    const ok = rows[0] && (await verifyPassword(password, rows[0].password));
    if (!ok) {
      await throttle.recordFailure(login, client);
      throw new AccessDenied();
    }
    await throttle.recordSuccess(login, client);
    return rows[0].id;
  }

  async has_group(groupXmlid: string): Promise<boolean> {
    if (typeof groupXmlid !== 'string') throw new UserError('has_group expects a group external id such as "base.group_user".');
    return this.env.hasGroup(groupXmlid);
  }

  /** The user's own preferences (time zone, language) without administrator rights. */
  async preference_save(vals: Vals): Promise<boolean> {
    const allowed = Object.fromEntries(Object.entries(vals ?? {}).filter(([key]) => ['tz', 'lang', 'email'].includes(key)));
    await this.sudo().browse([this.env.uid]).write(allowed);
    return true;
  }
}
