import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BatchedClaimAndSucceed1767000000007 } from './1767000000007-batched-claim-and-succeed.js';

/**
 * Migration 7's two batch procedures, same rules and results, less work for MariaDB
 * (perf of mariadbd during `npm run bench:dag` showed where it went):
 * - A statement inside a procedure that names a procedure variable gets the variable's
 *   VALUE escaped and copied into its query text (Item_splocal::append_for_log, done even
 *   with every log off): each UPDATE that read a field straight out of the batch's JSON
 *   copied the whole batch — 6% of the server's CPU, growing with the square of the
 *   batch. Statements now name only short scalars, copied out of the JSON by SET first.
 * - JSON_VALUE(doc, '$[i].field') walks the document from its start on every call: 9%.
 *   Each item (and each candidate) is now cut out once, and its fields are read from
 *   that small piece.
 * - A candidate whose predecessors ALL succeeded in this transaction (a component behind
 *   the gate just settled here; a gate with the one predecessor that just finished) cannot
 *   be started by anyone else, so it takes one compare-and-set UPDATE, not a locking read
 *   and then the UPDATE. Candidates with other predecessors keep lock-then-read: in READ
 *   COMMITTED an UPDATE whose WHERE does not match releases its lock, so two finishers
 *   could each miss the other.
 */
export class LeanBatchProcedures1767000000008 implements MigrationInterface {
  name = 'LeanBatchProcedures1767000000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_claim_batch');
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_start_batch');
    await queryRunner.query(`
      CREATE PROCEDURE node_claim_batch(IN p_claims LONGTEXT)
      BEGIN
        DECLARE v_i INT DEFAULT 0;
        DECLARE v_n INT DEFAULT 0;
        DECLARE v_won TEXT DEFAULT '';
        DECLARE v_item LONGTEXT;
        DECLARE v_order CHAR(36);
        DECLARE v_id VARCHAR(191);
        DECLARE v_from VARCHAR(16);
        DECLARE v_from_attempts INT;
        DECLARE v_attempt INT;
        DECLARE v_key VARCHAR(255);
        DECLARE v_started DATETIME(3);
        DECLARE v_deadline DATETIME(3);
        DECLARE v_message LONGTEXT;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
        SET v_n = JSON_LENGTH(p_claims);
        WHILE v_i < v_n DO
          SET v_item = JSON_EXTRACT(p_claims, CONCAT('$[', v_i, ']'));
          SET v_order = JSON_VALUE(v_item, '$.o');
          SET v_id = JSON_VALUE(v_item, '$.n');
          SET v_from = JSON_VALUE(v_item, '$.from');
          SET v_from_attempts = JSON_VALUE(v_item, '$.fromAttempts');
          SET v_attempt = JSON_VALUE(v_item, '$.attempt');
          SET v_key = JSON_VALUE(v_item, '$.key');
          SET v_started = JSON_VALUE(v_item, '$.started');
          SET v_deadline = JSON_VALUE(v_item, '$.deadline');
          SET v_message = JSON_VALUE(v_item, '$.message');
          UPDATE node_order SET state = 'launching', attempts = v_attempt, launch_key = v_key, started_at = v_started,
              finished_at = NULL, deadline_at = v_deadline, polls = 0, attrs = NULL, message = v_message, error = NULL, version = version + 1
            WHERE order_id = v_order AND node_id = v_id AND state = v_from AND attempts = v_from_attempts;
          SET v_won = CONCAT(v_won, IF(ROW_COUNT() = 1, '1', '0'));
          SET v_i = v_i + 1;
        END WHILE;
        COMMIT;
        SELECT v_won AS won;
      END`);

    await queryRunner.query(`
      CREATE PROCEDURE node_succeed_and_start_batch(IN p_items LONGTEXT, IN p_level1 LONGTEXT, IN p_level2 LONGTEXT)
      BEGIN
        DECLARE v_i INT DEFAULT 0;
        DECLARE v_j INT DEFAULT 0;
        DECLARE v_n INT DEFAULT 0;
        DECLARE v_m INT DEFAULT 0;
        DECLARE v_item LONGTEXT;
        DECLARE v_deps LONGTEXT;
        DECLARE v_order CHAR(36);
        DECLARE v_id VARCHAR(191);
        DECLARE v_from VARCHAR(255);
        DECLARE v_attempts_expected INT;
        DECLARE v_polls INT;
        DECLARE v_finished DATETIME(3);
        DECLARE v_message LONGTEXT;
        DECLARE v_attrs LONGTEXT;
        DECLARE v_outputs LONGTEXT;
        DECLARE v_result LONGTEXT;
        DECLARE v_gate INT;
        DECLARE v_state VARCHAR(16);
        DECLARE v_dep_id VARCHAR(191);
        DECLARE v_dep VARCHAR(16);
        DECLARE v_ok INT;
        DECLARE v_known INT;
        DECLARE v_won TEXT DEFAULT '';
        DECLARE v_done LONGTEXT DEFAULT '';
        DECLARE v_started LONGTEXT DEFAULT '';
        DECLARE v_blocked LONGTEXT DEFAULT '';
        DECLARE v_level LONGTEXT;
        DECLARE v_pass INT DEFAULT 0;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
        SET v_n = JSON_LENGTH(p_items);
        WHILE v_i < v_n DO
          SET v_item = JSON_EXTRACT(p_items, CONCAT('$[', v_i, ']'));
          SET v_order = JSON_VALUE(v_item, '$.o');
          SET v_id = JSON_VALUE(v_item, '$.n');
          SET v_from = JSON_VALUE(v_item, '$.from');
          SET v_attempts_expected = JSON_VALUE(v_item, '$.attempts');
          SET v_polls = JSON_VALUE(v_item, '$.polls');
          SET v_finished = JSON_VALUE(v_item, '$.finished');
          SET v_message = JSON_VALUE(v_item, '$.message');
          SET v_attrs = JSON_EXTRACT(v_item, '$.attrs');
          SET v_outputs = JSON_EXTRACT(v_item, '$.outputs');
          SET v_result = JSON_EXTRACT(v_item, '$.result');
          UPDATE node_order SET state = 'succeeded', message = v_message, error = NULL, finished_at = v_finished,
              attrs = COALESCE(v_attrs, attrs), outputs = COALESCE(v_outputs, outputs), result = COALESCE(v_result, result),
              version = version + 1
            WHERE order_id = v_order AND node_id = v_id AND FIND_IN_SET(state, v_from) > 0 AND attempts = v_attempts_expected
              AND (v_polls IS NULL OR polls = v_polls);
          IF ROW_COUNT() = 1 THEN
            SET v_won = CONCAT(v_won, '1');
            SET v_done = CONCAT(v_done, IF(v_done = '', '', ','), v_order, '|', v_id);
          ELSE
            SET v_won = CONCAT(v_won, '0');
          END IF;
          SET v_i = v_i + 1;
        END WHILE;

        WHILE v_done <> '' AND v_pass < 2 DO
          SET v_level = IF(v_pass = 0, p_level1, p_level2);
          SET v_n = JSON_LENGTH(v_level);
          SET v_i = 0;
          WHILE v_i < v_n DO
            SET v_item = JSON_EXTRACT(v_level, CONCAT('$[', v_i, ']'));
            SET v_order = JSON_VALUE(v_item, '$.o');
            SET v_id = JSON_VALUE(v_item, '$.id');
            SET v_gate = JSON_VALUE(v_item, '$.gate');
            SET v_deps = JSON_EXTRACT(v_item, '$.deps');
            SET v_m = JSON_LENGTH(v_deps);
            -- Level 1: successors of a node that won. Level 2: only behind something known succeeded here.
            SET v_known = 0;
            SET v_j = 0;
            WHILE v_j < v_m DO
              IF FIND_IN_SET(CONCAT(v_order, '|', JSON_VALUE(v_deps, CONCAT('$[', v_j, ']'))), v_done) > 0 THEN SET v_known = v_known + 1; END IF;
              SET v_j = v_j + 1;
            END WHILE;
            SET v_ok = 0;
            IF v_known > 0 AND v_known = v_m THEN
              -- Every predecessor succeeded in THIS transaction, so no other can start it: no lock-then-read.
              SET v_ok = 1;
            ELSEIF v_known > 0 THEN
              -- Other predecessors may finish in other transactions right now: lock the
              -- candidate first, so two finishers serialise on it and exactly one starts it.
              SELECT state INTO v_state FROM node_order WHERE order_id = v_order AND node_id = v_id FOR UPDATE;
              IF v_state = 'skipped' THEN SET v_blocked = CONCAT(v_blocked, IF(v_blocked = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id)); END IF;
              IF v_state = 'pending' THEN
                SET v_ok = 1;
                SET v_j = 0;
                WHILE v_ok = 1 AND v_j < v_m DO
                  SET v_dep_id = JSON_VALUE(v_deps, CONCAT('$[', v_j, ']'));
                  IF FIND_IN_SET(CONCAT(v_order, '|', v_dep_id), v_done) = 0 THEN
                    SELECT state INTO v_dep FROM node_order WHERE order_id = v_order AND node_id = v_dep_id;
                    IF v_dep <> 'succeeded' THEN SET v_ok = 0; END IF;
                    IF v_dep IN ('failed', 'skipped', 'terminated') THEN SET v_blocked = CONCAT(v_blocked, IF(v_blocked = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id)); END IF;
                  END IF;
                  SET v_j = v_j + 1;
                END WHILE;
              END IF;
            END IF;
            IF v_ok = 1 THEN
              -- The compare-and-set also hands back the attempts the row had (@np_attempts is
              -- read only when the UPDATE matched, so it is never stale).
              UPDATE node_order SET state = IF(v_gate = 1, 'succeeded', 'queued'),
                  attempts = (@np_attempts := attempts) + IF(v_gate = 1, 1, 0),
                  queued_at = UTC_TIMESTAMP(3),
                  started_at = IF(v_gate = 1, UTC_TIMESTAMP(3), started_at),
                  finished_at = IF(v_gate = 1, UTC_TIMESTAMP(3), finished_at),
                  message = IF(v_gate = 1, 'inputs and dependencies ready', message),
                  version = version + 1
                WHERE order_id = v_order AND node_id = v_id AND state = 'pending';
              IF ROW_COUNT() = 1 THEN
                IF v_gate = 1 THEN SET v_done = CONCAT(v_done, ',', v_order, '|', v_id); END IF;
                SET v_started = CONCAT(v_started, IF(v_started = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id, 'gate', v_gate, 'attempts', @np_attempts));
              ELSEIF v_known = v_m THEN
                -- Not locked first, so not known to be pending: a skipped one sends the caller to the slow path.
                SELECT state INTO v_state FROM node_order WHERE order_id = v_order AND node_id = v_id;
                IF v_state = 'skipped' THEN SET v_blocked = CONCAT(v_blocked, IF(v_blocked = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id)); END IF;
              END IF;
            END IF;
            SET v_i = v_i + 1;
          END WHILE;
          SET v_pass = v_pass + 1;
        END WHILE;
        COMMIT;
        SELECT v_won AS won, CONCAT('[', v_started, ']') AS started, CONCAT('[', v_blocked, ']') AS blocked;
      END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_claim_batch');
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_start_batch');
    await new BatchedClaimAndSucceed1767000000007().up(queryRunner);
  }
}
