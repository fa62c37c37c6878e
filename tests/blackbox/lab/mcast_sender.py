# SENDER (the lab's, module 11: the document shows only its loop; the set-up is the one its
# text describes: group 224.1.1.1:5004, TTL 2)
import socket

group = '224.1.1.1'
port = 5004
ttl = 2

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, ttl)

while True:
    pesan = input("masukkan pesan :")
    sock.sendto(pesan.encode('utf-8'), (group, port))
