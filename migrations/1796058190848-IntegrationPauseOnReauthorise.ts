import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: re-authorising an organisation (its connection moves to a new grant) also lifts the
 * 'reauthorisation' pause reason when the connection never left 'active' — the drain adds that
 * reason itself when Xero refuses a token, before any sweep marks the connection.
 */
export class IntegrationPauseOnReauthorise1796058190848 implements MigrationInterface {
  name = 'IntegrationPauseOnReauthorise1796058190848';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER xero_connections_pause_integrations ON xero_connections`);
    await queryRunner.query(`
      CREATE TRIGGER xero_connections_pause_integrations AFTER UPDATE OF status, grant_id ON xero_connections
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.grant_id IS DISTINCT FROM NEW.grant_id)
      EXECUTE FUNCTION lb_xero_connection_pauses()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER xero_connections_pause_integrations ON xero_connections`);
    await queryRunner.query(`
      CREATE TRIGGER xero_connections_pause_integrations AFTER UPDATE OF status ON xero_connections
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lb_xero_connection_pauses()`);
  }
}
