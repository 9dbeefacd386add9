"""The event store's cipher never seals two events under one nonce (AES-GCM's one rule),
across its batched draws of randomness and across a fork."""

from __future__ import annotations

import os

from adapters.core.keyring import EnvelopeCipher
from api.bootstrap import Services


def nonce_of(cipher: EnvelopeCipher, ciphertext: bytes) -> bytes:
    head = 3 + len(cipher.key_id)
    return ciphertext[head : head + 12]


def test_every_sealed_event_has_its_own_nonce(services: Services):
    cipher = services.files.mapper.cipher
    assert isinstance(cipher, EnvelopeCipher)

    nonces = [nonce_of(cipher, cipher.encrypt(b"{}")) for _ in range(10_000)]

    assert len(set(nonces)) == len(nonces)
    assert all(cipher.decrypt(cipher.encrypt(b'{"a":1}')) == b'{"a":1}' for _ in range(3))


def test_a_forked_process_does_not_reuse_the_nonces_its_parent_will_use(services: Services):
    cipher = services.files.mapper.cipher
    assert isinstance(cipher, EnvelopeCipher)
    cipher.encrypt(b"{}")  # the parent holds a draw of nonces not yet used
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its next nonces and leave at once
        os.close(read)
        os.write(write, b"".join(nonce_of(cipher, cipher.encrypt(b"{}")) for _ in range(8)))
        os._exit(0)
    os.close(write)
    child = os.read(read, 12 * 8)
    os.close(read)
    os.waitpid(pid, 0)
    parent = b"".join(nonce_of(cipher, cipher.encrypt(b"{}")) for _ in range(8))

    child_nonces = {child[i : i + 12] for i in range(0, len(child), 12)}
    parent_nonces = {parent[i : i + 12] for i in range(0, len(parent), 12)}
    assert len(child_nonces) == 8 and not child_nonces & parent_nonces
