#!/usr/bin/env bash
# Make a throw-away certificate authority and a server certificate for
# 127.0.0.1 / localhost in DIR (created by the caller, e.g. mktemp -d), so
# that the tests talk real TLS with verification on, trusting only ca.pem.
set -euo pipefail
dir=${1:?usage: mkcerts.sh DIR}
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dotation test CA" \
	-keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
	-keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	-days 2 -extfile server.ext -out server.pem 2>/dev/null
# A second, unrelated CA: a client trusting it must refuse the server.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other CA" \
	-keyout other.key -out other.pem 2>/dev/null
chmod 600 ./*.key
