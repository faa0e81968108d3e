-- 淘宝联盟's orders are now read from the 渠道 and 会员 answers too
-- (`order_scene` 2 and 3), the only ones that, one source says, name whose
-- link a row came through. Rows read before from the answer of every order
-- alone may lack it and, being settled, may never change again: each
-- 淘宝联盟 account's next run reads the 90 days the platform still serves
-- once more, as a first run does. Nothing stored is lost; a row read again
-- with its person keeps it from then on.
DELETE FROM sync_cursors WHERE account_id IN (SELECT id FROM accounts WHERE platform = 'taobao');
