"""The transactional outbox: work that must happen after a write (mails, embed fetches, digest
batches) is stored as a row in the same transaction as the write, handed to Celery after commit and
handed again by a periodic sweep until a worker has done it. Use ``reisgids.outbox.services.enqueue``
instead of ``task.delay`` in services."""
