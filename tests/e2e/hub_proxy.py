#!/usr/bin/env python3
"""A TCP proxy on loopback that loses acknowledgements: it forwards a
station's TLS connection to the hub byte for byte (TLS stays end to
end), and for the first DROPS requests larger than BIG bytes it closes
both sides as soon as the hub starts answering, so the hub has stored
the batch and the station never hears so.

usage: hub_proxy.py PORT_FILE HUB_PORT DROPS [BIG]
"""
import os
import socket
import sys
import threading

port_file, hub_port, drops = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
big = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
lock = threading.Lock()
left = [drops]


def serve(client):
    hub = socket.create_connection(("127.0.0.1", hub_port))
    sent = [0]  # client bytes since the hub last spoke
    done = threading.Event()

    def up():
        try:
            while not done.is_set():
                b = client.recv(65536)
                if not b:
                    break
                sent[0] += len(b)
                hub.sendall(b)
        except OSError:
            pass
        done.set()

    def down():
        try:
            while not done.is_set():
                b = hub.recv(65536)
                if not b:
                    break
                with lock:
                    drop = sent[0] > big and left[0] > 0
                    if drop:
                        left[0] -= 1
                if drop:
                    sys.stderr.write("dropped an answer after %d bytes\n" % sent[0])
                    break
                sent[0] = 0
                client.sendall(b)
        except OSError:
            pass
        done.set()

    t = threading.Thread(target=up, daemon=True)
    t.start()
    down()
    for s in (client, hub):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(64)
with open(port_file + ".tmp", "w") as f:
    f.write("%d\n" % srv.getsockname()[1])
os.rename(port_file + ".tmp", port_file)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
