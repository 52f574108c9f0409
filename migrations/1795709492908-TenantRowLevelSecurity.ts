import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (TypeORM does not generate policies): the tenancy rules of DESIGN.md.
 * - lb_current_tenant() reads app.tenant_id and raises when it is missing, so a query on a
 *   tenant table outside TenantTransactions fails loudly instead of returning nothing.
 * - lb_enable_tenant_rls(table) gives a table the one policy shape every tenant table uses
 *   (USING and WITH CHECK, FORCE ROW LEVEL SECURITY); later migrations call it for new tables.
 * - audit_log is append-only: select and insert policies only, and a trigger that refuses
 *   UPDATE and DELETE for anyone but the table owner (tenant purge runs as the owner).
 * - lb_tenant_exists / lb_active_tenant_ids are the system door's cross-tenant questions
 *   (SECURITY DEFINER, owned by the migration role, which bypasses RLS).
 */
export class TenantRowLevelSecurity1795709492908 implements MigrationInterface {
  name = 'TenantRowLevelSecurity1795709492908';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_current_tenant() RETURNS uuid LANGUAGE plpgsql STABLE AS $$
      DECLARE v text := current_setting('app.tenant_id', true);
      BEGIN
        IF v IS NULL OR v = '' THEN
          RAISE EXCEPTION 'tenant context missing: tenant tables are reached only through TenantTransactions'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN v::uuid;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_enable_tenant_rls(tbl regclass, key_column text DEFAULT 'tenant_id') RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        EXECUTE format(
          'CREATE POLICY tenant_isolation ON %s USING (%I = (SELECT lb_current_tenant())) WITH CHECK (%I = (SELECT lb_current_tenant()))',
          tbl, key_column, key_column);
      END $$`);
    await queryRunner.query(`SELECT lb_enable_tenant_rls('tenants', 'id')`);
    for (const table of ['memberships', 'secrets', 'probe_runs']) {
      await queryRunner.query(`SELECT lb_enable_tenant_rls('${table}')`);
    }

    await queryRunner.query(`ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE audit_log FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `CREATE POLICY tenant_read ON audit_log FOR SELECT USING (tenant_id = (SELECT lb_current_tenant()))`,
    );
    await queryRunner.query(
      `CREATE POLICY tenant_append ON audit_log FOR INSERT WITH CHECK (tenant_id = (SELECT lb_current_tenant()))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION lb_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user <> (SELECT tableowner FROM pg_tables WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
          RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN COALESCE(OLD, NEW);
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION lb_audit_log_append_only()`);

    await queryRunner.query(`
      CREATE FUNCTION lb_tenant_exists(candidate uuid) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT EXISTS (SELECT 1 FROM tenants WHERE id = candidate)
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION lb_active_tenant_ids() RETURNS SETOF uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id FROM tenants WHERE status = 'active' ORDER BY id
      $$`);
    // Helpers for migrations only; the runtime role must not call them.
    await queryRunner.query(`REVOKE EXECUTE ON FUNCTION lb_enable_tenant_rls(regclass, text) FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION lb_active_tenant_ids()`);
    await queryRunner.query(`DROP FUNCTION lb_tenant_exists(uuid)`);
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await queryRunner.query(`DROP FUNCTION lb_audit_log_append_only()`);
    await queryRunner.query(`DROP POLICY tenant_append ON audit_log`);
    await queryRunner.query(`DROP POLICY tenant_read ON audit_log`);
    await queryRunner.query(`ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY`);
    for (const table of ['tenants', 'memberships', 'secrets', 'probe_runs']) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`DROP FUNCTION lb_enable_tenant_rls(regclass, text)`);
    await queryRunner.query(`DROP FUNCTION lb_current_tenant()`);
  }
}
