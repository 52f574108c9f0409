import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: an integration's status follows its pause reasons, and its Xero connection's state
 * adds or removes the 'reauthorisation' reason in the same transaction that changes that state
 * (a dead grant, a disconnect in Xero or by the user, a reconnect), whichever process makes it.
 * Both trigger functions run as the caller, under its tenant's row-level security.
 */
export class IntegrationPauseReasons1796055000000 implements MigrationInterface {
  name = 'IntegrationPauseReasons1796055000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION lb_integration_pause_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.xero_connection_id IS DISTINCT FROM OLD.xero_connection_id THEN
          NEW.pause_reasons := array_remove(NEW.pause_reasons, 'reauthorisation');
          IF EXISTS (SELECT 1 FROM xero_connections c
                     WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.xero_connection_id AND c.status <> 'active') THEN
            NEW.pause_reasons := array_append(NEW.pause_reasons, 'reauthorisation');
          END IF;
        END IF;
        NEW.status := CASE WHEN cardinality(NEW.pause_reasons) > 0 THEN 'paused' ELSE 'active' END;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER integrations_pause_status BEFORE INSERT OR UPDATE ON integrations
      FOR EACH ROW EXECUTE FUNCTION lb_integration_pause_status()`);
    await queryRunner.query(`
      CREATE FUNCTION lb_xero_connection_pauses() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE integrations SET pause_reasons = CASE
            WHEN NEW.status = 'active' THEN array_remove(pause_reasons, 'reauthorisation')
            ELSE array_append(array_remove(pause_reasons, 'reauthorisation'), 'reauthorisation') END
        WHERE tenant_id = NEW.tenant_id AND xero_connection_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER xero_connections_pause_integrations AFTER UPDATE OF status ON xero_connections
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lb_xero_connection_pauses()`);
    // Integrations whose organisation is already disconnected or needs re-authorisation.
    await queryRunner.query(`
      UPDATE integrations i SET pause_reasons = array_append(array_remove(i.pause_reasons, 'reauthorisation'), 'reauthorisation')
      FROM xero_connections c WHERE c.tenant_id = i.tenant_id AND c.id = i.xero_connection_id AND c.status <> 'active'`);
    await queryRunner.query(`UPDATE integrations SET pause_reasons = pause_reasons`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER xero_connections_pause_integrations ON xero_connections`);
    await queryRunner.query(`DROP FUNCTION lb_xero_connection_pauses()`);
    await queryRunner.query(`DROP TRIGGER integrations_pause_status ON integrations`);
    await queryRunner.query(`DROP FUNCTION lb_integration_pause_status()`);
  }
}
