# Client 1 of the lab's 4-client version (section VII, "MODIFIKASI AGAR PROGRAM MENJADI 4
# CLIENT"). OCR typos mended: the comments the page wrapped are joined again, the indentation
# is 4 spaces, `new message` is `new_message`.
# Host and port may be given as arguments (default: this machine's name, port 8080).
import socket
import sys

s = socket.socket()
host = sys.argv[1] if len(sys.argv) > 1 else socket.gethostname()
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8080

s.connect((host, port))

print("Menyambungkan ke Server")

# Receive the welcome message from the server and decode it from bytes to a string
message = s.recv(1024)
message = message.decode()
print("Pesan dari server : ", message) # Print the welcome message from the server

while True: # Start an infinite loop to keep the client running
    message = s.recv(1024)
    message = message.decode()
    print("Server : ", message) # Print the message received from the server
    new_message = input("Masukkan Pesan : ") # Prompt the client to
    new_message = str(new_message).encode() # Convert the new message
    s.send(new_message) # Send the new message to the server
    print("Pesan Terkirim") # Print a message indicating that the new
    # Receive a message from Client 2 and decode it from bytes to a
    message = s.recv(1024)
    message = message.decode()
    print("Client_2 : ", message) # Print the message received from Client 2
    message = s.recv(1024)
    message = message.decode()
    print("Client_3 : ", message) # Print the message received from Client 3
    # Receive a message from Client_4 and decode it from bytes to a
    message = s.recv(1024)
    message = message.decode()
    print("Client_4 : ", message) # Print the message received from Client 4
