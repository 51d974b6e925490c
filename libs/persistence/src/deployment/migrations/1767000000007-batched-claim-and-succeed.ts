import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NodeSucceedAndStart1767000000005 } from './1767000000005-node-succeed-and-start.js';

/**
 * The two hot statements of the DAG engine for MANY nodes in one call, one transaction,
 * one commit (group commit: a worker sends the claims, and the successes, that its jobs
 * asked for while its previous call was in flight). On our 2-core boxes every socket
 * write costs ~0.3 ms and every statement MariaDB parses ~0.1 ms; per-node calls were
 * most of the engine's CPU.
 *
 * `node_claim_batch(claims)`: for each claim (sorted by the caller), the same
 * compare-and-set as a single claim — `queued` (or `launching` when a lost attempt is
 * replaced) on the expected attempt → `launching` with the attempt, launch key, start
 * and deadline — committed before any `launch` runs. Returns `won`: one '1'/'0' per claim.
 *
 * `node_succeed_and_start_batch(items, level1, level2)`: first each item's success
 * compare-and-set (`won`: one '1'/'0' per item), then the candidate
 * dependants of the won nodes: level 1 (their successors) in the caller's sorted order,
 * then level 2 (successors of gates) only behind a gate or node known to have succeeded in
 * this transaction. A candidate is locked and read in one statement before its
 * predecessors are read, so two finishers of one dependant (in two batches) serialise on
 * it and exactly one starts it; inside one batch all successes are written first, so a
 * dependant of two nodes of the batch sees both. Predecessors known here (the batch's won
 * nodes, gates settled here) are not read; reading stops at the first that has not
 * succeeded. Times written here are UTC_TIMESTAMP(3) (like every DATETIME we store: UTC). Returns `started` (order, id, gate, attempts before) and `blocked` (candidates
 * found skipped, or waiting on a failed/skipped/terminated node: the caller's slow path
 * skips them and may close the order).
 * Against migration 5's single-node procedure (dropped here: a batch of one does its work),
 * about half the statements per candidate: no separate lock loop, level 2 only behind what
 * succeeded in this transaction, known predecessors not read, reading stops early.
 */
export class BatchedClaimAndSucceed1767000000007 implements MigrationInterface {
  name = 'BatchedClaimAndSucceed1767000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP PROCEDURE IF EXISTS node_succeed_and_start');
    await queryRunner.query(`
      CREATE PROCEDURE node_claim_batch(IN p_claims LONGTEXT)
      BEGIN
        DECLARE v_i INT DEFAULT 0;
        DECLARE v_n INT DEFAULT 0;
        DECLARE v_won TEXT DEFAULT '';
        DECLARE v_at VARCHAR(16);
        DECLARE v_order CHAR(36);
        DECLARE v_id VARCHAR(191);
        DECLARE v_from VARCHAR(16);
        DECLARE v_from_attempts INT;
        DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
        START TRANSACTION;
        SET v_n = JSON_LENGTH(p_claims);
        WHILE v_i < v_n DO
          SET v_at = CONCAT('$[', v_i, ']');
          SET v_order = JSON_VALUE(p_claims, CONCAT(v_at, '.o'));
          SET v_id = JSON_VALUE(p_claims, CONCAT(v_at, '.n'));
          SET v_from = JSON_VALUE(p_claims, CONCAT(v_at, '.from'));
          SET v_from_attempts = JSON_VALUE(p_claims, CONCAT(v_at, '.fromAttempts'));
          UPDATE node_order SET state = 'launching', attempts = JSON_VALUE(p_claims, CONCAT(v_at, '.attempt')),
              launch_key = JSON_VALUE(p_claims, CONCAT(v_at, '.key')), started_at = JSON_VALUE(p_claims, CONCAT(v_at, '.started')),
              finished_at = NULL, deadline_at = JSON_VALUE(p_claims, CONCAT(v_at, '.deadline')),
              polls = 0, attrs = NULL, message = JSON_VALUE(p_claims, CONCAT(v_at, '.message')), error = NULL, version = version + 1
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
        DECLARE v_at VARCHAR(16);
        DECLARE v_order CHAR(36);
        DECLARE v_id VARCHAR(191);
        DECLARE v_from VARCHAR(255);
        DECLARE v_attempts_expected INT;
        DECLARE v_polls INT;
        DECLARE v_finished DATETIME(3);
        DECLARE v_gate INT;
        DECLARE v_state VARCHAR(16);
        DECLARE v_attempts INT;
        DECLARE v_dep_id VARCHAR(191);
        DECLARE v_dep VARCHAR(16);
        DECLARE v_ok INT;
        DECLARE v_mine INT;
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
          SET v_at = CONCAT('$[', v_i, ']');
          SET v_order = JSON_VALUE(p_items, CONCAT(v_at, '.o'));
          SET v_id = JSON_VALUE(p_items, CONCAT(v_at, '.n'));
          SET v_from = JSON_VALUE(p_items, CONCAT(v_at, '.from'));
          SET v_attempts_expected = JSON_VALUE(p_items, CONCAT(v_at, '.attempts'));
          SET v_polls = JSON_VALUE(p_items, CONCAT(v_at, '.polls'));
          SET v_finished = JSON_VALUE(p_items, CONCAT(v_at, '.finished'));
          UPDATE node_order SET state = 'succeeded', message = JSON_VALUE(p_items, CONCAT(v_at, '.message')), error = NULL, finished_at = v_finished,
              attrs = COALESCE(JSON_EXTRACT(p_items, CONCAT(v_at, '.attrs')), attrs),
              outputs = COALESCE(JSON_EXTRACT(p_items, CONCAT(v_at, '.outputs')), outputs),
              result = COALESCE(JSON_EXTRACT(p_items, CONCAT(v_at, '.result')), result),
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
            SET v_at = CONCAT('$[', v_i, ']');
            SET v_order = JSON_VALUE(v_level, CONCAT(v_at, '.o'));
            SET v_id = JSON_VALUE(v_level, CONCAT(v_at, '.id'));
            SET v_gate = JSON_VALUE(v_level, CONCAT(v_at, '.gate'));
            SET v_m = JSON_LENGTH(v_level, CONCAT(v_at, '.deps'));
            -- Level 1: successors of a node that won. Level 2: only behind something known succeeded here.
            SET v_mine = 0;
            SET v_j = 0;
            WHILE v_mine = 0 AND v_j < v_m DO
              IF FIND_IN_SET(CONCAT(v_order, '|', JSON_VALUE(v_level, CONCAT(v_at, '.deps[', v_j, ']'))), v_done) > 0 THEN SET v_mine = 1; END IF;
              SET v_j = v_j + 1;
            END WHILE;
            IF v_mine = 1 THEN
              SELECT state, attempts INTO v_state, v_attempts FROM node_order WHERE order_id = v_order AND node_id = v_id FOR UPDATE;
              IF v_state = 'skipped' THEN SET v_blocked = CONCAT(v_blocked, IF(v_blocked = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id)); END IF;
              IF v_state = 'pending' THEN
                SET v_ok = 1;
                SET v_j = 0;
                WHILE v_ok = 1 AND v_j < v_m DO
                  SET v_dep_id = JSON_VALUE(v_level, CONCAT(v_at, '.deps[', v_j, ']'));
                  IF FIND_IN_SET(CONCAT(v_order, '|', v_dep_id), v_done) = 0 THEN
                    SELECT state INTO v_dep FROM node_order WHERE order_id = v_order AND node_id = v_dep_id;
                    IF v_dep <> 'succeeded' THEN SET v_ok = 0; END IF;
                    IF v_dep IN ('failed', 'skipped', 'terminated') THEN SET v_blocked = CONCAT(v_blocked, IF(v_blocked = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id)); END IF;
                  END IF;
                  SET v_j = v_j + 1;
                END WHILE;
                IF v_ok = 1 THEN
                  UPDATE node_order SET state = IF(v_gate = 1, 'succeeded', 'queued'),
                      attempts = IF(v_gate = 1, attempts + 1, attempts),
                      queued_at = UTC_TIMESTAMP(3),
                      started_at = IF(v_gate = 1, UTC_TIMESTAMP(3), started_at),
                      finished_at = IF(v_gate = 1, UTC_TIMESTAMP(3), finished_at),
                      message = IF(v_gate = 1, 'inputs and dependencies ready', message),
                      version = version + 1
                    WHERE order_id = v_order AND node_id = v_id AND state = 'pending';
                  IF v_gate = 1 THEN SET v_done = CONCAT(v_done, ',', v_order, '|', v_id); END IF;
                  SET v_started = CONCAT(v_started, IF(v_started = '', '', ','), JSON_OBJECT('o', v_order, 'id', v_id, 'gate', v_gate, 'attempts', v_attempts));
                END IF;
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
    await new NodeSucceedAndStart1767000000005().up(queryRunner);
  }
}
