import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NodeSucceedAndStart1767000000005 } from './1767000000005-node-succeed-and-start.js';

/**
 * `node_succeed_and_start` again, with about half the statements (MariaDB spends
 * ~50-100 µs of CPU per statement inside a procedure on our 2-core boxes, and this
 * procedure is on the critical path of every dependant's start). Same transaction, same
 * result row, same safety argument: a candidate dependant is locked before its
 * predecessors are read, so of two finishers of one dependant the second waits for the
 * first's commit and sees its success — exactly one starts it, never none.
 * What changed against migration 5:
 * - no separate lock loop: a candidate is locked and read in ONE `SELECT … FOR UPDATE`
 *   (level 1 in the caller's sorted order, then level 2 in sorted order — the same for
 *   every finisher);
 * - a level-2 candidate (behind a gate) is looked at only if this call settled one of its
 *   gates: otherwise whoever settles that gate starts it;
 * - predecessors known here are not read: the finished node itself and the gates this
 *   call settled; the others are read one by one and the loop stops at the first that
 *   has not succeeded (a failed one still raises `blocked`; the failing worker's slow path
 *   skips the dependant in any case);
 * - a candidate found `skipped` raises `blocked` too, so the caller runs the slow path,
 *   which closes an order whose last running node this was.
 * The migration-5 procedure is dropped: workers and the service ship together.
 */
export class LeanerSucceedAndStart1767000000006 implements MigrationInterface {
  name = 'LeanerSucceedAndStart1767000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_start');
    await queryRunner.query(`
      CREATE PROCEDURE node_succeed_and_start(
        IN p_order CHAR(36), IN p_node VARCHAR(191), IN p_from VARCHAR(255), IN p_attempts INT, IN p_polls INT,
        IN p_message TEXT, IN p_finished DATETIME(3), IN p_attrs LONGTEXT, IN p_outputs LONGTEXT, IN p_result LONGTEXT,
        IN p_level1 LONGTEXT, IN p_level2 LONGTEXT)
      BEGIN
        DECLARE v_won INT DEFAULT 0;
        DECLARE v_i INT DEFAULT 0;
        DECLARE v_j INT DEFAULT 0;
        DECLARE v_n INT DEFAULT 0;
        DECLARE v_m INT DEFAULT 0;
        DECLARE v_id VARCHAR(191);
        DECLARE v_gate INT;
        DECLARE v_state VARCHAR(16);
        DECLARE v_attempts INT;
        DECLARE v_dep_id VARCHAR(191);
        DECLARE v_dep VARCHAR(16);
        DECLARE v_ok INT;
        DECLARE v_mine INT;
        DECLARE v_settled TEXT DEFAULT '';
        DECLARE v_started LONGTEXT DEFAULT '';
        DECLARE v_level LONGTEXT;
        DECLARE v_pass INT DEFAULT 0;
        DECLARE v_blocked INT DEFAULT 0;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
        UPDATE node_order SET state = 'succeeded', message = p_message, error = NULL, finished_at = p_finished,
            attrs = COALESCE(p_attrs, attrs), outputs = COALESCE(p_outputs, outputs), result = COALESCE(p_result, result),
            version = version + 1
          WHERE order_id = p_order AND node_id = p_node AND FIND_IN_SET(state, p_from) > 0 AND attempts = p_attempts
            AND (p_polls IS NULL OR polls = p_polls);
        SET v_won = ROW_COUNT();

        IF v_won = 1 THEN
          WHILE v_pass < 2 DO
            SET v_level = IF(v_pass = 0, p_level1, p_level2);
            SET v_n = JSON_LENGTH(v_level);
            SET v_i = 0;
            WHILE v_i < v_n DO
              SET v_id = JSON_VALUE(v_level, CONCAT('$[', v_i, '].id'));
              SET v_gate = JSON_VALUE(v_level, CONCAT('$[', v_i, '].gate'));
              SET v_m = JSON_LENGTH(v_level, CONCAT('$[', v_i, '].deps'));
              -- Level 2: only behind a gate this call settled.
              SET v_mine = IF(v_pass = 0, 1, 0);
              SET v_j = 0;
              WHILE v_mine = 0 AND v_j < v_m DO
                IF FIND_IN_SET(JSON_VALUE(v_level, CONCAT('$[', v_i, '].deps[', v_j, ']')), v_settled) > 0 THEN SET v_mine = 1; END IF;
                SET v_j = v_j + 1;
              END WHILE;
              IF v_mine = 1 THEN
                SELECT state, attempts INTO v_state, v_attempts FROM node_order WHERE order_id = p_order AND node_id = v_id FOR UPDATE;
                IF v_state = 'skipped' THEN SET v_blocked = 1; END IF;
                IF v_state = 'pending' THEN
                  SET v_ok = 1;
                  SET v_j = 0;
                  WHILE v_ok = 1 AND v_j < v_m DO
                    SET v_dep_id = JSON_VALUE(v_level, CONCAT('$[', v_i, '].deps[', v_j, ']'));
                    IF v_dep_id <> p_node AND FIND_IN_SET(v_dep_id, v_settled) = 0 THEN
                      SELECT state INTO v_dep FROM node_order WHERE order_id = p_order AND node_id = v_dep_id;
                      IF v_dep <> 'succeeded' THEN SET v_ok = 0; END IF;
                      IF v_dep IN ('failed', 'skipped', 'terminated') THEN SET v_blocked = 1; END IF;
                    END IF;
                    SET v_j = v_j + 1;
                  END WHILE;
                  IF v_ok = 1 THEN
                    UPDATE node_order SET state = IF(v_gate = 1, 'succeeded', 'queued'),
                        attempts = IF(v_gate = 1, attempts + 1, attempts),
                        queued_at = p_finished,
                        started_at = IF(v_gate = 1, p_finished, started_at),
                        finished_at = IF(v_gate = 1, p_finished, finished_at),
                        message = IF(v_gate = 1, 'inputs and dependencies ready', message),
                        version = version + 1
                      WHERE order_id = p_order AND node_id = v_id AND state = 'pending';
                    IF v_gate = 1 THEN SET v_settled = CONCAT(v_settled, IF(v_settled = '', '', ','), v_id); END IF;
                    SET v_started = CONCAT(v_started, IF(v_started = '', '', ','), JSON_OBJECT('id', v_id, 'gate', v_gate, 'attempts', v_attempts));
                  END IF;
                END IF;
              END IF;
              SET v_i = v_i + 1;
            END WHILE;
            SET v_pass = v_pass + 1;
          END WHILE;
        END IF;
        COMMIT;
        SELECT v_won AS won, v_blocked AS blocked, CONCAT('[', v_started, ']') AS started;
      END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_start');
    await new NodeSucceedAndStart1767000000005().up(queryRunner);
  }
}
