"""The message store of one data root (files under DATA_ROOT/store; MTA queue under DATA_ROOT/queue)."""

import contextlib
import os
import time

from .base import read_json, write_json


# ---------------------------------------------------------------------------------------------
# the message store of one data root (files under DATA_ROOT/store; MTA queue under DATA_ROOT/queue)

class Store:
    def __init__(self, data_root):
        self.data_root = data_root
        self.dir = os.path.join(data_root, 'store')
        self.part = os.path.join(self.dir, 'partition', 'primary')
        self.meta_path = os.path.join(self.dir, 'store.json')
        self.meta = read_json(self.meta_path)
        self._boxes = {}
        self._dirty = set()
        self._meta_dirty = False

    def exists(self):
        return self.meta is not None

    def create(self, fmt, version):
        os.makedirs(self.part, exist_ok=True)
        self.meta = {"format": fmt, "created": time.time(), "created_by": version,
                     "last_version": version, "clean": True, "conversions": []}
        self._meta_dirty = True

    def touch_meta(self):
        self._meta_dirty = True

    def users(self):
        if not os.path.isdir(self.part):
            return []
        return sorted(f[:-5] for f in os.listdir(self.part) if f.endswith('.json'))

    def mailbox(self, uid, create=False):
        if uid not in self._boxes:
            box = read_json(os.path.join(self.part, uid + '.json'))
            if box is None:
                if not create:
                    return None
                box = {"uid": uid, "folders": {"INBOX": []}}
                self._dirty.add(uid)
            self._boxes[uid] = box
        return self._boxes[uid]

    def mark(self, uid):
        self._dirty.add(uid)

    def remove(self, uid):
        self._boxes.pop(uid, None)
        self._dirty.discard(uid)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.part, uid + '.json'))

    def count_messages(self, uids=None):
        n = 0
        for uid in (uids if uids is not None else self.users()):
            box = self.mailbox(uid)
            if box:
                n += sum(len(v) for v in box['folders'].values())
        return n

    def save(self):
        if self._meta_dirty and self.meta is not None:
            write_json(self.meta_path, self.meta)
        for uid in sorted(self._dirty):
            write_json(os.path.join(self.part, uid + '.json'), self._boxes[uid])
        self._dirty.clear()
        self._meta_dirty = False

    # MTA queue: not part of the store area (a ZFS rollback of the store never touches it)
    def queue_dir(self):
        return os.path.join(self.data_root, 'queue')

    def queued(self):
        d = self.queue_dir()
        if not os.path.isdir(d):
            return []
        return [read_json(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith('.json')]

    def enqueue(self, rec):
        write_json(os.path.join(self.queue_dir(), rec['id'] + '.json'), rec)

    def dequeue(self, mid):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.queue_dir(), mid + '.json'))


def add_message(box, folder, rec):
    box['folders'].setdefault(folder, []).append(rec)


def find_message(box, mid):
    for folder, msgs in box['folders'].items():
        for m in msgs:
            if m['id'] == mid:
                return folder, m
    return None, None
