"""A TCP proxy that a test cuts off and reconnects: the site's only way to
a server (the database, Redis), as an outage test sees it."""

import socket
import threading
from contextlib import suppress


class TcpProxy:
    """Forwards a loopback port to `target` (host, port), one thread per
    direction per connection. `stop()` closes the listening socket and every
    open connection, as a server that went away would; `start()` listens
    on the same port again. `hang()` is a server that stopped answering
    instead: connections are accepted (and counted in `accepted`) but
    nothing is forwarded either way, until `start()`."""

    def __init__(self, target):
        self.target = target
        self.port = 0  # any free port the first time, then the same one
        self.listener = None
        self.open = set()
        self.lock = threading.Lock()
        self.hanging = False
        self.accepted = 0

    def start(self):
        self.hanging = False
        if self.listener is not None:
            # It was hanging: the listener is still there; the connections
            # it held are dropped, and new ones are forwarded again.
            with self.lock:
                held = list(self.open)
            self.close(*held)
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self.accept, args=(listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            with self.lock:
                self.accepted += 1
                if self.hanging:
                    self.open.add(client)  # held open, never answered
                    continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self.pump, args=(source, sink), daemon=True
                ).start()

    def pump(self, source, sink):
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        # One side ended: end both, so that the other thread stops too.
        self.close(source, sink)

    def close(self, *sockets):
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        with self.lock:
            self.open -= set(sockets)

    def stop(self):
        if self.listener is not None:
            self.close(self.listener)  # shutdown() wakes the blocked accept()
            self.listener = None
        with self.lock:
            connections = list(self.open)
        self.close(*connections)

    def hang(self):
        """Connections already open are dropped; new ones are held, silent."""
        self.hanging = True
        with self.lock:
            connections = list(self.open)
        self.close(*connections)
