# CLIENT 2 (the lab's, section VI, the 2-client version). OCR typos mended: the comments the
# page wrapped are joined again, the indentation is 4 spaces, `new message` is `new_message`.
# Host and port may be given as arguments (default: this machine's name, port 8080).
import socket
import sys

s = socket.socket()  # Create a new socket object
host = sys.argv[1] if len(sys.argv) > 1 else socket.gethostname()  # Get the hostname of the current machine
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8080  # Define the port number to connect to (must match the server's port)
s.connect((host, port))  # Connect to the server using the specified host and port
print("Menyambungkan ke Server")  # Print a message indicating successful connection

# Receive the welcome message from the server and decode it from bytes to a string
message = s.recv(1024)
message = message.decode()
print("Pesan dari server : ", message)  # Print the welcome message from the server

while True: # Start an infinite loop to keep the client running
    # Receive a message from the server and decode it from bytes to a
    message = s.recv(1024)
    message = message.decode()
    print("Server : ", message) # Print the message received from the server
    # Receive a message from Client 1 and decode it from bytes to a string
    message = s.recv(1024)
    message = message.decode()
    print("Client_1 : ", message) # Print the message received from Client 1
    new_message = input("Masukkan Pesan : ") # Prompt the client to enter
    new_message = str(new_message).encode() # Convert the new message to bytes (encode it)
    s.send(new_message) # Send the new message to the server
    print("Pesan Terkirim") # Print a message indicating that the new
