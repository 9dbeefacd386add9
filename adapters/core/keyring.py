"""Envelope encryption: data keys stored wrapped by the master key (CIPHER_KEY).

- `keyring` rows: the event store's data-encryption key ("events") and the key that derives
  natural persons' stream ids ("person-id"). The master key never encrypts data itself, so it
  can be rotated by re-wrapping these few rows (`rotate_master_key`), without rewriting events.
- `EnvelopeCipher`: the event store's cipher (the library's CIPHER_TOPIC); each ciphertext names
  the data key that sealed it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Cipher
from eventsourcing.utils import Environment
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from adapters.core.persistence import ENGINE_KEY, registered_engine
from adapters.core.tables import keyring, subject_keys

MAGIC = b"\xce\x01"  # envelope format 1: MAGIC || len(key_id) || key_id || nonce || ciphertext


class WrongMasterKeyError(RuntimeError):
    pass


def master_key_id(master: bytes) -> str:
    return hashlib.sha256(b"credit-energy/master-key-id/v1" + master).hexdigest()[:16]


def wrap(master: bytes, key: bytes, label: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(master).encrypt(nonce, key, label.encode())


def unwrap(master: bytes, blob: bytes, label: str) -> bytes:
    try:
        return AESGCM(master).decrypt(blob[:12], blob[12:], label.encode())
    except InvalidTag:
        raise WrongMasterKeyError(f"{label}: not wrapped by this master key") from None


class Keyring:
    def __init__(self, engine: Engine, master_b64: str) -> None:
        self.engine = engine
        self.master = base64.b64decode(master_b64)
        self.master_id = master_key_id(self.master)
        self._keys: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def key(self, key_id: str) -> bytes:
        with self._lock:
            cached = self._keys.get(key_id)
        if cached is not None:
            return cached
        with self.engine.connect() as conn:
            row = conn.execute(
                select(keyring.c.wrapped_key).where(keyring.c.key_id == key_id)
            ).first()
        if row is None:
            raise KeyError(key_id)
        key = unwrap(self.master, bytes(row[0]), "keyring:" + key_id)
        with self._lock:
            self._keys[key_id] = key
        return key

    def current(self, purpose: str) -> tuple[str, bytes]:
        """The data key for a purpose, created (32 random bytes) on first use."""
        key_id = f"{purpose}-1"
        try:
            return key_id, self.key(key_id)
        except KeyError:
            pass
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    keyring.insert().values(
                        key_id=key_id,
                        purpose=purpose,
                        wrapped_key=wrap(self.master, os.urandom(32), "keyring:" + key_id),
                        master_key_id=self.master_id,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass  # another process created it first: use theirs
        return key_id, self.key(key_id)


class _Nonces:
    """12-byte AES-GCM nonces from the OS's CSPRNG, drawn 4,096 at a time: one getrandom call
    per 4,096 events rather than one per event (a batch import seals two events a record).
    Each nonce is handed out once: under a lock, and a forked child drops the parent's draw."""

    SIZE = 12
    PER_DRAW = 4096

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._pool = b""
        self._at = 0

    def take(self) -> bytes:
        with self._lock:
            at = self._at
            if at >= len(self._pool):
                self._pool = os.urandom(self.SIZE * self.PER_DRAW)
                at = 0
            self._at = at + self.SIZE
            return self._pool[at : at + self.SIZE]


_NONCES = _Nonces()


class EnvelopeCipher(Cipher):
    """AES-GCM under the event store's data key, which the master key wraps in `keyring`."""

    def __init__(self, environment: Environment) -> None:
        master = environment.get("CIPHER_KEY")
        engine_key = environment.get(ENGINE_KEY)
        if not master or not engine_key:
            raise OSError("CIPHER_KEY and the engine are needed by the envelope cipher")
        self.keyring = Keyring(registered_engine(engine_key), master)
        key_id, key = self.keyring.current("events")
        self.key_id = key_id.encode()
        self._head = MAGIC + bytes([len(self.key_id)]) + self.key_id
        self.aead = AESGCM(key)
        self._aeads: dict[bytes, AESGCM] = {self.key_id: self.aead}

    def encrypt(self, plaintext: bytes) -> bytes:
        nonce = _NONCES.take()
        return self._head + nonce + self.aead.encrypt(nonce, plaintext, None)

    def decrypt(self, ciphertext: bytes) -> bytes:
        if ciphertext[:2] != MAGIC:
            raise ValueError("not an envelope ciphertext")
        n = ciphertext[2]
        key_id = ciphertext[3 : 3 + n]
        aead = self._aeads.get(key_id)
        if aead is None:
            aead = self._aeads[key_id] = AESGCM(self.keyring.key(key_id.decode()))
        body = ciphertext[3 + n :]
        try:
            return aead.decrypt(body[:12], body[12:], None)
        except InvalidTag:
            raise ValueError("damaged ciphertext") from None


@dataclass(frozen=True)
class Rotation:
    keyring_rows: int
    subject_keys: int
    new_master_key_id: str


def rotate_master_key(engine: Engine, old_b64: str, new_b64: str) -> Rotation:
    """Re-wrap every data key (keyring and subject keys) from the old master key to the new one,
    in one transaction. Rows already under the new key are left as they are (a re-run is safe)."""
    old, new = base64.b64decode(old_b64), base64.b64decode(new_b64)
    if len(new) != 32:
        raise ValueError("the new master key must be base64 of 32 bytes")
    new_id = master_key_id(new)
    ring = subject = 0
    with engine.begin() as conn:
        for key_id, blob, mid in conn.execute(
            select(keyring.c.key_id, keyring.c.wrapped_key, keyring.c.master_key_id)
        ).all():
            if mid == new_id:
                continue
            label = "keyring:" + key_id
            conn.execute(
                update(keyring)
                .where(keyring.c.key_id == key_id)
                .values(wrapped_key=wrap(new, unwrap(old, bytes(blob), label), label))
                .values(master_key_id=new_id)
            )
            ring += 1
        t = subject_keys.c
        for sid, blob, mid in conn.execute(
            select(t.subject_id, t.wrapped_key, t.master_key_id).where(t.wrapped_key.isnot(None))
        ).all():
            if mid == new_id:
                continue
            label = "subject:" + sid
            conn.execute(
                update(subject_keys)
                .where(t.subject_id == sid)
                .values(wrapped_key=wrap(new, unwrap(old, bytes(blob), label), label))
                .values(master_key_id=new_id)
            )
            subject += 1
    return Rotation(ring, subject, new_id)
