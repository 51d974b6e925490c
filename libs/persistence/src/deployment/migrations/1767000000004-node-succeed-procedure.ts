import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The DAG engine's hottest step in one round trip: end a node attempt as succeeded
 * (compare-and-set on state, attempt and poll) and, only if this call won, read the
 * state of the nodes that decide what runs next. Two result sets: `won`, then the rows.
 * Each statement commits on its own (autocommit), exactly like the two separate
 * statements it replaces, so the readiness argument of the engine is unchanged.
 */
export class NodeSucceedProcedure1767000000004 implements MigrationInterface {
  name = 'NodeSucceedProcedure1767000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE PROCEDURE node_succeed_and_read(
        IN p_order CHAR(36), IN p_node VARCHAR(191), IN p_from VARCHAR(255), IN p_attempts INT, IN p_polls INT,
        IN p_message TEXT, IN p_finished DATETIME(3), IN p_attrs LONGTEXT, IN p_outputs LONGTEXT, IN p_result LONGTEXT,
        IN p_read LONGTEXT)
      BEGIN
        DECLARE v_won INT DEFAULT 0;
        UPDATE node_order SET state = 'succeeded', message = p_message, error = NULL, finished_at = p_finished,
            attrs = COALESCE(p_attrs, attrs), outputs = COALESCE(p_outputs, outputs), result = COALESCE(p_result, result),
            version = version + 1
          WHERE order_id = p_order AND node_id = p_node AND FIND_IN_SET(state, p_from) > 0 AND attempts = p_attempts
            AND (p_polls IS NULL OR polls = p_polls);
        SET v_won = ROW_COUNT();
        SELECT v_won AS won;
        SELECT n.node_id, n.state, n.attempts
          FROM JSON_TABLE(p_read, '$[*]' COLUMNS (id VARCHAR(191) PATH '$')) AS j
          JOIN node_order n ON n.order_id = p_order AND n.node_id = j.id
          WHERE v_won = 1;
      END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_read');
  }
}
